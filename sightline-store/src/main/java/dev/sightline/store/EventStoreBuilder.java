package dev.sightline.store;

import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every event store is built with: where its data lives, its clock, retention per dataset, how
 * often it commits and enforces retention, and its WAL. A store's own builder extends this with what
 * is particular to it, and builds from {@link #settings()}. Only {@code dataDir} is required.
 */
public abstract class EventStoreBuilder<B extends EventStoreBuilder<B>> {
  private Path dataDir;
  private Clock clock = Clock.systemUTC();
  private Duration retention = Duration.ofDays(7);
  private RetentionPolicy spanRetention;
  private RetentionPolicy logRetention;
  private Duration commitInterval = Duration.ofSeconds(10);
  private Duration retentionCheckInterval = Duration.ofHours(1);
  private WalOptions walOptions = WalOptions.defaults();

  /** The settings shared by every event store, resolved. */
  public record Settings(Path dataDir, Clock clock, RetentionPolicy spanRetention, RetentionPolicy logRetention,
                         Duration commitInterval, Duration retentionCheckInterval, WalOptions walOptions) {
    /** The retention policy of {@code dataset} ({@code spans} or {@code logs}). */
    public RetentionPolicy retentionOf(String dataset) {
      return switch (dataset) {
        case EventSearch.LOGS -> logRetention;
        case EventSearch.SPANS -> spanRetention;
        default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "'");
      };
    }
  }

  protected abstract B self();

  public B dataDir(Path v) { dataDir = Objects.requireNonNull(v, "dataDir"); return self(); }
  public B clock(Clock v) { clock = Objects.requireNonNull(v, "clock"); return self(); }
  /** The default retention of both datasets (7 days), for every service without its own policy. */
  public B retention(Duration v) { retention = positive(v, "retention"); return self(); }
  /** The retention policy of {@code dataset} ({@code spans} or {@code logs}), overriding {@link #retention}. */
  public B retention(String dataset, RetentionPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    switch (dataset) {
      case EventSearch.LOGS -> logRetention = policy;
      case EventSearch.SPANS -> spanRetention = policy;
      default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "'");
    }
    return self();
  }
  public B commitInterval(Duration v) { commitInterval = positive(v, "commitInterval"); return self(); }
  public B retentionCheckInterval(Duration v) {
    retentionCheckInterval = positive(v, "retentionCheckInterval");
    return self();
  }
  public B walOptions(WalOptions v) { walOptions = Objects.requireNonNull(v, "walOptions"); return self(); }

  protected static Duration positive(Duration v, String name) {
    if (v == null || v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
    return v;
  }

  /** The shared settings; throws when {@code dataDir} was not given. */
  protected Settings settings() {
    Objects.requireNonNull(dataDir, "dataDir is required");
    return new Settings(dataDir, clock, spanRetention != null ? spanRetention : RetentionPolicy.of(retention),
        logRetention != null ? logRetention : RetentionPolicy.of(retention), commitInterval, retentionCheckInterval,
        walOptions);
  }
}
