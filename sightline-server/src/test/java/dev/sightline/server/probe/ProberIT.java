package dev.sightline.server.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sightline.model.metric.Labels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prober against real local endpoints whose health the test flips, on a clock the test moves. */
class ProberIT {
  record Sample(Labels labels, long timeMs, double value) {}

  final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
  final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  HealthEndpoint endpoint;
  Prober prober;

  @BeforeEach
  void setUp() throws IOException {
    endpoint = new HealthEndpoint();
  }

  @AfterEach
  void tearDown() {
    if (prober != null) {
      prober.close();
    }
    endpoint.close();
  }

  Prober prober(int maxConcurrent, ProbeConfig... configs) {
    prober = new Prober(List.of(configs).stream().map(ProbeTarget::of).toList(),
        fill -> fill.accept((labels, ts, value) -> samples.add(new Sample(labels, ts, value))), clock, maxConcurrent);
    return prober;
  }

  static ProbeConfig probe(String name, String url, String kind, String timeout, String period) {
    return new ProbeConfig(name, url, kind, dev.sightline.server.config.DurationText.parse(period),
        dev.sightline.server.config.DurationText.parse(timeout), null, null, null, java.util.Map.of("team", "ops"));
  }

  List<Double> values(String metric, String kind) {
    synchronized (samples) {
      return samples.stream().filter(s -> s.labels().metricName().equals(metric))
          .filter(s -> kind.equals(s.labels().get("kind"))).map(Sample::value).toList();
    }
  }

  TargetHealth.Snapshot snapshot(String kind) {
    return prober.snapshots().stream().filter(s -> s.target().kind().label().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void threeFailuresTurnDownAndOneSuccessTurnsUp() {
    ProbeConfig ready = probe("inventory", endpoint.url("/health/ready"), "ready", "2s", "10s");
    prober(1, ready);
    ProbeTarget t = prober.targets().get(0);

    ProbeResult first = prober.probeOnce(t);
    assertThat(first.success()).isTrue();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.timeMs()).isEqualTo(clock.millis());
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.UP);

    endpoint.databaseUp.set(false);
    for (int i = 1; i <= 3; i++) {
      clock.advance(Duration.ofSeconds(10));
      ProbeResult r = prober.probeOnce(t);
      assertThat(r.success()).isFalse();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.error()).isEqualTo("HTTP 503");
      assertThat(snapshot("ready").consecutiveFailures()).isEqualTo(i);
      assertThat(snapshot("ready").state()).isEqualTo(i < 3 ? TargetHealth.State.UP : TargetHealth.State.DOWN);
    }
    // The kit's report says why: the failing check and its error.
    assertThat(snapshot("ready").lastFailureBody()).contains("DOWN").contains("warehouse-db")
        .contains("warehouse database unreachable");

    endpoint.databaseUp.set(true);
    clock.advance(Duration.ofSeconds(10));
    prober.probeOnce(t);
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.UP);
    assertThat(snapshot("ready").consecutiveSuccesses()).isEqualTo(1);

    assertThat(values("probe_success", "ready")).containsExactly(1.0, 0.0, 0.0, 0.0, 1.0);
    assertThat(values("probe_state", "ready")).containsExactly(1.0, 1.0, 1.0, 0.0, 1.0);
    assertThat(values("probe_http_status_code", "ready")).containsExactly(200.0, 503.0, 503.0, 503.0, 200.0);
    assertThat(values("probe_duration_seconds", "ready")).allSatisfy(v -> assertThat(v).isPositive());
    Sample s = samples.get(0);
    assertThat(s.labels().get("service")).isEqualTo("inventory");
    assertThat(s.labels().get("instance")).isEqualTo(t.instance()).startsWith("127.0.0.1:");
    assertThat(s.labels().get("team")).isEqualTo("ops");
    assertThat(s.timeMs()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
    assertThat(snapshot("ready").history()).hasSize(5);
  }

  @Test
  void successThresholdNeedsThatManySuccessesInARow() {
    ProbeConfig c = new ProbeConfig("inventory", endpoint.url("/health/ready"), "ready", null, null, 1, 2, null, null);
    prober(1, c);
    ProbeTarget t = prober.targets().get(0);
    endpoint.databaseUp.set(false);
    prober.probeOnce(t);
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.DOWN);
    endpoint.databaseUp.set(true);
    prober.probeOnce(t);
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.DOWN);
    prober.probeOnce(t);
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.UP);
  }

  @Test
  void livenessStaysUpWhileReadinessGoesDown() {
    prober(2, probe("inventory", endpoint.url("/health/live"), "live", "2s", "10s"),
        probe("inventory", endpoint.url("/health/ready"), "ready", "2s", "10s"));
    endpoint.databaseUp.set(false);
    for (int i = 0; i < 3; i++) {
      for (ProbeTarget t : prober.targets()) {
        prober.probeOnce(t);
      }
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(snapshot("live").state()).isEqualTo(TargetHealth.State.UP);
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.DOWN);
    assertThat(values("probe_state", "live")).containsOnly(1.0);
    assertThat(values("probe_success", "live")).containsExactly(1.0, 1.0, 1.0);
    assertThat(values("probe_success", "ready")).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void aHangingEndpointIsATimeoutAndFreesTheProbeThread() throws Exception {
    prober(1, probe("shipping", endpoint.url("/hang"), "ready", "200ms", "1s"));
    List<Future<ProbeResult>> started = prober.tick();
    assertThat(started).hasSize(1);
    ProbeResult r = started.get(0).get(10, TimeUnit.SECONDS);
    assertThat(r.success()).isFalse();
    assertThat(r.statusCode()).isZero();
    assertThat(r.error()).isEqualTo("timeout after 200ms");
    assertThat(r.durationSeconds()).isGreaterThanOrEqualTo(0.2).isLessThan(5.0);
    assertThat(values("probe_http_status_code", "ready")).containsExactly(0.0);

    // The single probe thread is free again: the next period's attempt runs and times out too.
    clock.advance(Duration.ofSeconds(1));
    List<Future<ProbeResult>> next = prober.tick();
    assertThat(next).hasSize(1);
    assertThat(next.get(0).get(10, TimeUnit.SECONDS).error()).isEqualTo("timeout after 200ms");
    assertThat(snapshot("ready").skipped()).isZero();
  }

  @Test
  void connectionRefusedIsAFailureWithStatusZero() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    prober(1, probe("payments", "http://127.0.0.1:" + port + "/health/ready", "ready", "1s", "10s"));
    ProbeTarget t = prober.targets().get(0);
    for (int i = 0; i < 3; i++) {
      ProbeResult r = prober.probeOnce(t);
      assertThat(r.success()).isFalse();
      assertThat(r.statusCode()).isZero();
      assertThat(r.error()).isEqualTo("connection refused by 127.0.0.1:" + port);
      assertThat(r.body()).isNull();
    }
    assertThat(snapshot("ready").state()).isEqualTo(TargetHealth.State.DOWN);
    assertThat(values("probe_state", "ready")).containsExactly(0.0);
  }

  @Test
  void anAttemptDueWhileThePreviousIsRunningIsSkippedAndCounted() throws Exception {
    prober(2, probe("shipping", endpoint.url("/hang"), "ready", "5s", "5s"));
    List<Future<ProbeResult>> first = prober.tick();
    assertThat(first).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.hanging.get() == 1);

    assertThat(prober.tick()).as("not yet due").isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(prober.tick()).as("due, but the previous attempt still runs").isEmpty();
    assertThat(snapshot("ready").skipped()).isEqualTo(1);

    endpoint.release.countDown();
    assertThat(first.get(0).get(10, TimeUnit.SECONDS).success()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    List<Future<ProbeResult>> third = prober.tick();
    assertThat(third).hasSize(1);
    assertThat(third.get(0).get(10, TimeUnit.SECONDS).success()).isTrue();
    assertThat(endpoint.maxHanging.get()).isEqualTo(1);
  }

  @Test
  void initialDelayPostponesTheFirstAttempt() {
    ProbeConfig c = new ProbeConfig("inventory", endpoint.url("/health/ready"), "ready", null, null, null, null,
        Duration.ofSeconds(30), null);
    prober(1, c);
    assertThat(prober.tick()).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(prober.tick()).hasSize(1);
  }

  @Test
  void noMoreThanMaxConcurrentProbesAreInFlight() throws Exception {
    List<ProbeConfig> configs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      configs.add(probe("svc" + i, endpoint.url("/hang"), "ready", "5s", "5s"));
    }
    prober(2, configs.toArray(ProbeConfig[]::new));
    List<Future<ProbeResult>> started = prober.tick();
    assertThat(started).hasSize(4);
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.hanging.get() == 2);
    endpoint.release.countDown();
    for (Future<ProbeResult> f : started) {
      assertThat(f.get(10, TimeUnit.SECONDS).success()).isTrue();
    }
    assertThat(endpoint.maxHanging.get()).isEqualTo(2);
  }

  @Test
  void aHugeFailingBodyIsKeptOnlyUpToItsLimitAndShownAsText() {
    prober(1, probe("legacy", endpoint.url("/big"), "ready", "2s", "10s"));
    ProbeResult r = prober.probeOnce(prober.targets().get(0));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).hasSize(Prober.MAX_BODY).matches("x+");
    java.util.Map<String, Object> shown = new ProbeApi(prober).targets().get(0);
    assertThat(shown.get("last_failure_body")).isInstanceOf(String.class);
    assertThat((String) shown.get("last_failure_body")).hasSize(Prober.MAX_BODY);
    assertThat(shown.get("state")).isEqualTo("UNKNOWN");
    assertThat(shown.get("last_error")).isEqualTo("HTTP 503");
  }
}
