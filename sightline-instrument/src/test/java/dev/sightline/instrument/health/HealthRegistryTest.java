package dev.sightline.instrument.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {
  private final MutableClock clock = MutableClock.atEpoch();

  @Test
  void blockingCheckTimesOutWithoutHoldingTheProbeAndRunsOnlyOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstRunRecorded = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    // Signals once a run has finished *and* the registry has recorded its result.
    java.util.concurrent.Executor signalling = task -> Thread.ofPlatform().daemon().start(() -> {
      task.run();
      firstRunRecorded.countDown();
    });
    try (HealthRegistry health = HealthRegistry.builder().clock(clock).executor(signalling)
        .register(CheckDefinition.builder("database", () -> {
          runs.incrementAndGet();
          release.await();
        }).timeout(Duration.ofMillis(200)).cacheFor(Duration.ZERO).build())
        .build()) {
      long t0 = System.nanoTime();
      HealthReport report = health.readiness();
      long firstMillis = (System.nanoTime() - t0) / 1_000_000;

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.httpStatus()).isEqualTo(503);
      assertThat(report.checks()).singleElement().satisfies(r -> {
        assertThat(r.error()).isEqualTo("timed out after 200ms");
        assertThat(r.durationMillis()).isEqualTo(200);
      });
      assertThat(firstMillis).isBetween(150L, 1_500L);

      // The hung run is still in flight: later probes answer at once and start no second run.
      long t1 = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertThat(health.readiness().checks().get(0).error()).isEqualTo("timed out after 200ms");
      }
      assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(150L);
      assertThat(runs).hasValue(1);

      // Once the hung run completes, the next probe runs the check again and sees it healthy.
      release.countDown();
      firstRunRecorded.await();
      HealthReport recovered = health.readiness();
      assertThat(recovered.status()).isEqualTo(HealthStatus.UP);
      assertThat(recovered.checks().get(0).error()).isNull();
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void defaultTimeoutIsTwoSecondsInTheErrorText() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (HealthRegistry health = HealthRegistry.builder().clock(clock).readiness("slow", never::await).build()) {
      HealthReport report = health.readiness();
      assertThat(report.checks().get(0).error()).isEqualTo("timed out after 2s");
      never.countDown();
    }
  }

  @Test
  void resultIsCachedPerCheckForItsPeriodByTheInjectedClock() {
    AtomicInteger dbRuns = new AtomicInteger();
    AtomicInteger cacheRuns = new AtomicInteger();
    try (HealthRegistry health = HealthRegistry.builder().clock(clock).defaultCacheFor(Duration.ofSeconds(5))
        .readiness("database", dbRuns::incrementAndGet)
        .register(CheckDefinition.builder("cache", cacheRuns::incrementAndGet).cacheFor(Duration.ofSeconds(1)).build())
        .build()) {
      for (int i = 0; i < 10; i++) {
        health.readiness();
      }
      assertThat(dbRuns).hasValue(1);
      assertThat(cacheRuns).hasValue(1);

      clock.advance(Duration.ofMillis(999));
      health.readiness();
      assertThat(cacheRuns).hasValue(1);

      clock.advance(Duration.ofMillis(1));
      health.readiness();
      assertThat(cacheRuns).hasValue(2);
      assertThat(dbRuns).hasValue(1);

      clock.advance(Duration.ofSeconds(4));
      health.readiness();
      health.readiness();
      assertThat(dbRuns).hasValue(2);
    }
  }

  @Test
  void nonCriticalFailureDegradesButStaysServing() {
    try (HealthRegistry health = HealthRegistry.builder().clock(clock)
        .readiness("database", () -> {})
        .readiness("rates-api", () -> { throw new IllegalStateException("503 from rates.example.com"); }, false)
        .build()) {
      HealthReport report = health.readiness();
      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(report.httpStatus()).isEqualTo(200);
      assertThat(report.checks()).extracting(CheckResult::name, CheckResult::status, CheckResult::critical, CheckResult::error)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("database", HealthStatus.UP, true, null),
              org.assertj.core.groups.Tuple.tuple("rates-api", HealthStatus.DOWN, false, "503 from rates.example.com"));
    }
  }

  @Test
  void criticalFailureIsDownWith503() {
    try (HealthRegistry health = HealthRegistry.builder().clock(clock)
        .readiness("database", () -> { throw new java.sql.SQLException("connection refused: db:5432"); })
        .readiness("rates-api", () -> { throw new IllegalStateException("down too"); }, false)
        .build()) {
      HealthReport report = health.readiness();
      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.httpStatus()).isEqualTo(503);
      assertThat(report.checks().get(0).error()).isEqualTo("connection refused: db:5432");
    }
  }

  @Test
  void exceptionWithoutMessageIsReportedByClassName() {
    try (HealthRegistry health = HealthRegistry.builder().clock(clock)
        .readiness("npe", () -> { throw new NullPointerException(); }).build()) {
      assertThat(health.readiness().checks().get(0).error()).isEqualTo("java.lang.NullPointerException");
    }
  }

  @Test
  void durationComesFromTheClock() {
    try (HealthRegistry health = HealthRegistry.builder().clock(clock)
        .readiness("database", () -> clock.advance(Duration.ofMillis(37))).build()) {
      CheckResult r = health.readiness().checks().get(0);
      assertThat(r.durationMillis()).isEqualTo(37);
      assertThat(r.checkedAt()).isEqualTo(MutableClock.atEpoch().instant());
    }
  }

  @Test
  void livenessIsTrivialAndIgnoresReadinessFailures() {
    try (HealthRegistry health = HealthRegistry.builder().clock(clock)
        .readiness("database", () -> { throw new IllegalStateException("db down"); }).build()) {
      assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
      HealthReport live = health.liveness();
      assertThat(live.status()).isEqualTo(HealthStatus.UP);
      assertThat(live.httpStatus()).isEqualTo(200);
      assertThat(live.checks()).isEmpty();
    }
  }

  @Test
  void registeredLivenessChecksAreEvaluated() {
    AtomicBoolean deadlocked = new AtomicBoolean(true);
    try (HealthRegistry health = HealthRegistry.builder().clock(clock).defaultCacheFor(Duration.ZERO)
        .liveness("worker-pool", HealthCheck.of(() -> !deadlocked.get(), "worker pool deadlocked")).build()) {
      HealthReport live = health.liveness();
      assertThat(live.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(live.checks().get(0).error()).isEqualTo("worker pool deadlocked");
      deadlocked.set(false);
      assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void startupGatesLivenessAndReadinessThenIsNeverRunAgain() {
    AtomicBoolean migrated = new AtomicBoolean(false);
    AtomicInteger startupRuns = new AtomicInteger();
    AtomicInteger readinessRuns = new AtomicInteger();
    try (HealthRegistry health = HealthRegistry.builder().clock(clock).defaultCacheFor(Duration.ZERO)
        .startup("migrations", () -> {
          startupRuns.incrementAndGet();
          if (!migrated.get()) {
            throw new IllegalStateException("migration 42 of 57 running");
          }
        })
        .readiness("database", readinessRuns::incrementAndGet)
        .build()) {
      for (HealthReport r : new HealthReport[] {health.startup(), health.liveness(), health.readiness()}) {
        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.checks()).extracting(CheckResult::name).containsExactly("migrations");
        assertThat(r.checks().get(0).error()).isEqualTo("migration 42 of 57 running");
      }
      assertThat(readinessRuns).hasValue(0);
      assertThat(health.isStarted()).isFalse();

      migrated.set(true);
      assertThat(health.readiness().status()).isEqualTo(HealthStatus.UP);
      assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
      int runsAtStart = startupRuns.get();
      migrated.set(false); // a startup check is not consulted again once it passed
      assertThat(health.startup().status()).isEqualTo(HealthStatus.UP);
      assertThat(health.readiness().status()).isEqualTo(HealthStatus.UP);
      assertThat(startupRuns).hasValue(runsAtStart);
      assertThat(readinessRuns.get()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void duplicateNamesAndBadSettingsAreRejected() {
    HealthRegistry.Builder b = HealthRegistry.builder().readiness("db", () -> {}).readiness("db", () -> {});
    assertThatThrownBy(b::build).hasMessageContaining("check named 'db' is already registered");
    assertThatThrownBy(() -> CheckDefinition.builder(" ", () -> {})).hasMessageContaining("blank");
    assertThatThrownBy(() -> CheckDefinition.builder("x", () -> {}).timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> HealthRegistry.builder().defaultCacheFor(Duration.ofSeconds(-1)))
        .hasMessageContaining("must not be negative");
  }
}
