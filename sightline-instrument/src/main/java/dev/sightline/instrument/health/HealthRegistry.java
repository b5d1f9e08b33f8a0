package dev.sightline.instrument.health;

import dev.sightline.instrument.health.internal.CheckRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's health checks, answering the three probes.
 *
 * <pre>{@code
 * HealthRegistry health = HealthRegistry.builder()
 *     .startup("migrations", () -> migrations.awaitDone())
 *     .readiness("database", () -> dataSource.getConnection().close())          // critical
 *     .readiness("rates-api", () -> rates.ping(), false)                         // non-critical
 *     .build();
 * HealthHttpHandler.register(httpServer, health);   // /health/live, /health/ready, /health/started
 * }</pre>
 *
 * <p>Semantics:
 * <ul>
 *   <li>A probe runs its checks in parallel, each bounded by its timeout (default 2 s): a hung check
 *       counts as down with "timed out after 2s" and never holds the probe thread longer.
 *   <li>Each check's result is reused for its cache period (default 5 s) by the injected clock, so a
 *       probe every second does not hit the database every second.
 *   <li>Report status: DOWN (HTTP 503) if a critical check is down, DEGRADED (200) if only non-critical
 *       ones are, else UP (200).
 *   <li>Liveness with no liveness checks is UP with no checks: the process answered.
 *   <li>Until every startup check has passed once, all three probes are DOWN and list the startup
 *       checks; afterwards startup checks are never run again (as Kubernetes stops its startup probe).
 *       Point the Kubernetes {@code startupProbe} at {@code /health/started} so that liveness is not
 *       probed during a slow start.
 * </ul>
 *
 * <p>Thread-safe. Checks may be registered after the registry is built. {@link #close()} stops the
 * registry's own check threads (not an executor passed to the builder).
 */
public final class HealthRegistry implements AutoCloseable {
  private final Clock clock;
  private final Duration defaultTimeout;
  private final Duration defaultCacheFor;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final List<CheckRunner> runners = new CopyOnWriteArrayList<>();
  private volatile boolean started;
  private volatile List<CheckResult> startupResults = List.of();

  private HealthRegistry(Builder b) {
    this.clock = b.clock;
    this.defaultTimeout = b.defaultTimeout;
    this.defaultCacheFor = b.defaultCacheFor;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      // Threads are created on the first probe, not here; daemon so that a hung check never keeps
      // the JVM alive.
      this.ownedExecutor = Executors.newCachedThreadPool(daemonThreads());
      this.executor = ownedExecutor;
    }
    b.definitions.forEach(this::register);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds a check. Names are unique per probe kind. */
  public HealthRegistry register(CheckDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    synchronized (runners) {
      for (CheckRunner r : runners) {
        if (r.definition().kind() == definition.kind() && r.definition().name().equals(definition.name())) {
          throw new IllegalArgumentException("a " + definition.kind() + " check named '" + definition.name()
              + "' is already registered");
        }
      }
      Duration timeout = definition.timeout() != null ? definition.timeout() : defaultTimeout;
      Duration cacheFor = definition.cacheFor() != null ? definition.cacheFor() : defaultCacheFor;
      runners.add(new CheckRunner(definition, timeout, cacheFor, clock, executor));
      if (definition.kind() == CheckKind.STARTUP) {
        started = false;
      }
    }
    return this;
  }

  /** Answers {@code /health/live}. */
  public HealthReport liveness() {
    return report(CheckKind.LIVENESS);
  }

  /** Answers {@code /health/ready}. */
  public HealthReport readiness() {
    return report(CheckKind.READINESS);
  }

  /** Answers {@code /health/started}. */
  public HealthReport startup() {
    return report(CheckKind.STARTUP);
  }

  /** Whether every startup check has passed once (true when there are none). */
  public boolean isStarted() {
    return started || evaluateStartup() != HealthStatus.DOWN;
  }

  /** Runs (or reuses) the checks of one probe and aggregates them. Blocks at most the longest timeout. */
  public HealthReport report(CheckKind probe) {
    Objects.requireNonNull(probe, "probe");
    HealthStatus startupStatus = evaluateStartup();
    List<CheckResult> startup = startupResults;
    if (probe == CheckKind.STARTUP) {
      return new HealthReport(probe, startupStatus, startup);
    }
    if (startupStatus == HealthStatus.DOWN) {
      return new HealthReport(probe, HealthStatus.DOWN, startup);
    }
    List<CheckResult> results = runAll(probe);
    return new HealthReport(probe, HealthReport.aggregate(results), results);
  }

  private HealthStatus evaluateStartup() {
    if (started) {
      return HealthReport.aggregate(startupResults);
    }
    List<CheckResult> results = runAll(CheckKind.STARTUP);
    HealthStatus status = HealthReport.aggregate(results);
    startupResults = results;
    if (status != HealthStatus.DOWN) {
      started = true;
    }
    return status;
  }

  private List<CheckResult> runAll(CheckKind kind) {
    // Start every check first, then wait: the probe takes as long as the slowest check, not the sum.
    List<CheckRunner> selected = new ArrayList<>();
    List<CheckRunner.Pending> pending = new ArrayList<>();
    for (CheckRunner r : runners) {
      if (r.definition().kind() == kind) {
        selected.add(r);
        pending.add(r.start());
      }
    }
    List<CheckResult> results = new ArrayList<>(selected.size());
    for (int i = 0; i < selected.size(); i++) {
      results.add(selected.get(i).await(pending.get(i)));
    }
    return results;
  }

  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "sightline-health-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures a {@link HealthRegistry}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration defaultTimeout = Duration.ofSeconds(2);
    private Duration defaultCacheFor = Duration.ofSeconds(5);
    private Executor executor;
    private final List<CheckDefinition> definitions = new ArrayList<>();

    private Builder() {}

    /** The clock for cache periods, check times and durations; tests inject their own. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The timeout of checks that set none; default 2 s. */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = CheckDefinition.requirePositive(timeout, "defaultTimeout");
      return this;
    }

    /** How long results of checks that set none are reused; default 5 s, zero disables caching. */
    public Builder defaultCacheFor(Duration cacheFor) {
      Objects.requireNonNull(cacheFor, "defaultCacheFor");
      if (cacheFor.isNegative()) {
        throw new IllegalArgumentException("defaultCacheFor must not be negative: " + cacheFor);
      }
      this.defaultCacheFor = cacheFor;
      return this;
    }

    /** Runs checks on this executor instead of the registry's own daemon threads. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder register(CheckDefinition definition) {
      definitions.add(Objects.requireNonNull(definition, "definition"));
      return this;
    }

    /** A critical readiness check (a local dependency: database, cache). */
    public Builder readiness(String name, HealthCheck check) {
      return readiness(name, check, true);
    }

    /** A readiness check; non-critical ones (external APIs) only make the report DEGRADED. */
    public Builder readiness(String name, HealthCheck check, boolean critical) {
      return register(CheckDefinition.builder(name, check).kind(CheckKind.READINESS).critical(critical).build());
    }

    public Builder liveness(String name, HealthCheck check) {
      return register(CheckDefinition.builder(name, check).kind(CheckKind.LIVENESS).build());
    }

    public Builder startup(String name, HealthCheck check) {
      return register(CheckDefinition.builder(name, check).kind(CheckKind.STARTUP).build());
    }

    public HealthRegistry build() {
      return new HealthRegistry(this);
    }
  }
}
