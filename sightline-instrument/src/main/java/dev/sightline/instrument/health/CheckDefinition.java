package dev.sightline.instrument.health;

import java.time.Duration;
import java.util.Objects;

/**
 * A check as registered: its name, probe, criticality, timeout and how long its result is reused.
 *
 * <pre>{@code
 * CheckDefinition.builder("rates-api", () -> ratesClient.ping())
 *     .kind(CheckKind.READINESS)
 *     .critical(false)                 // an external API: DEGRADED, never 503
 *     .timeout(Duration.ofSeconds(2))
 *     .cacheFor(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p>Unset timeout and cache period take the registry's defaults.
 */
public final class CheckDefinition {
  private final String name;
  private final HealthCheck check;
  private final CheckKind kind;
  private final boolean critical;
  private final Duration timeout;
  private final Duration cacheFor;

  private CheckDefinition(Builder b) {
    this.name = b.name;
    this.check = b.check;
    this.kind = b.kind;
    this.critical = b.critical;
    this.timeout = b.timeout;
    this.cacheFor = b.cacheFor;
  }

  public static Builder builder(String name, HealthCheck check) {
    return new Builder(name, check);
  }

  public String name() {
    return name;
  }

  public HealthCheck check() {
    return check;
  }

  public CheckKind kind() {
    return kind;
  }

  public boolean critical() {
    return critical;
  }

  /** The timeout, or null for the registry's default. */
  public Duration timeout() {
    return timeout;
  }

  /** How long a result is reused, or null for the registry's default. */
  public Duration cacheFor() {
    return cacheFor;
  }

  @Override
  public String toString() {
    return kind + " check '" + name + "'" + (critical ? "" : " (non-critical)");
  }

  /** Builds a {@link CheckDefinition}; defaults: readiness, critical, the registry's timeout and cache period. */
  public static final class Builder {
    private final String name;
    private final HealthCheck check;
    private CheckKind kind = CheckKind.READINESS;
    private boolean critical = true;
    private Duration timeout;
    private Duration cacheFor;

    private Builder(String name, HealthCheck check) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("check name must not be blank");
      }
      this.name = name;
      this.check = Objects.requireNonNull(check, "check");
    }

    public Builder kind(CheckKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Critical checks fail the probe (DOWN, 503); non-critical ones only make it DEGRADED (200). */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = requirePositive(timeout, "timeout");
      return this;
    }

    /** How long a result is reused before the check runs again; zero runs it on every probe. */
    public Builder cacheFor(Duration cacheFor) {
      Objects.requireNonNull(cacheFor, "cacheFor");
      if (cacheFor.isNegative()) {
        throw new IllegalArgumentException("cacheFor must not be negative: " + cacheFor);
      }
      this.cacheFor = cacheFor;
      return this;
    }

    public CheckDefinition build() {
      return new CheckDefinition(this);
    }
  }

  static Duration requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
