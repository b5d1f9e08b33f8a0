package dev.sightline.alerting.notify;

import dev.sightline.alerting.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.NotifyConfig;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.alerting.notify.receiver.Transport;
import dev.sightline.model.metric.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z"); // a Friday
  private static final String CONFIG = """
      route:
        receiver: hook
        group_by: [alertname]
        routes:
          - matchers: ['team="db"']
            receiver: chat
            continue: true
          - matchers: ['team="db"']
            receiver: hook
            group_by: [alertname, instance]
          - matchers: ['team="night"']
            receiver: hook
            mute_time_intervals: [office-hours]
      time_intervals:
        - name: office-hours
          time_intervals:
            - weekdays: ['monday:friday']
              times: [{start_time: '09:00', end_time: '17:00'}]
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [alertname]
      receivers:
        - name: hook
          webhook_configs: [{url: 'http://127.0.0.1:9/hook'}]
        - name: chat
          slack_configs: [{api_url: 'http://127.0.0.1:9/slack'}]
      """;

  private final TestClock clock = new TestClock(T0);
  private final List<Notification> sent = new ArrayList<>();
  private final List<String> kinds = new ArrayList<>();
  private int failuresLeft;
  private final Transport recording = (integration, n) -> {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IOException("connection refused");
    }
    sent.add(n);
    kinds.add(integration.type());
  };

  private Dispatcher dispatcher(String yaml, Path dir) {
    NotifyConfig c = NotifyConfigParser.parse(yaml, "test.yml");
    return Dispatcher.builder(c).clock(clock).transport(recording).dataDir(dir).random(new Random(1))
        .retry(new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 0, Duration.ofHours(1))).build();
  }

  private Alert alert(String... labels) {
    return new Alert(Labels.of(labels), Map.of("summary", "it broke"), clock.instant(), clock.instant().plus(Duration.ofDays(2)),
        "http://sightline/graph", 1);
  }

  private Alert resolved(Alert a) {
    return new Alert(a.labels(), a.annotations(), a.startsAt(), clock.instant(), a.generatorUrl(), a.value());
  }

  private void step(Dispatcher d, Duration by) {
    clock.advance(by);
    d.tick();
  }

  @Test
  void groupWaitThenGroupIntervalThenRepeatInterval() {
    Dispatcher d = dispatcher(CONFIG, null);
    d.send(List.of(alert("alertname", "HighLatency", "instance", "a")));
    step(d, Duration.ofSeconds(29));
    assertThat(sent).isEmpty();
    step(d, Duration.ofSeconds(1));
    assertThat(sent).hasSize(1);
    Notification first = sent.get(0);
    assertThat(first.receiver()).isEqualTo("hook");
    assertThat(first.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
    assertThat(first.groupLabels()).containsExactly(Map.entry("alertname", "HighLatency"));
    assertThat(first.status()).isEqualTo("firing");

    // a new alert in the group waits for the group interval, not the group wait
    step(d, Duration.ofMinutes(1));
    d.send(List.of(alert("alertname", "HighLatency", "instance", "b")));
    step(d, Duration.ofMinutes(3));
    assertThat(sent).hasSize(1);
    step(d, Duration.ofMinutes(1)); // T0 + 30s + 5m
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).alerts()).hasSize(2);

    // unchanged: repeated once more than repeat_interval (4h) has passed, at the next group interval tick
    for (int i = 0; i < 48; i++) {
      step(d, Duration.ofMinutes(5));
    }
    assertThat(sent).hasSize(2);
    step(d, Duration.ofMinutes(5));
    assertThat(sent).hasSize(3);
  }

  @Test
  void resolvedNotificationsFollowSendResolved() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert a = alert("alertname", "DiskFull", "team", "db", "instance", "x");
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    assertThat(kinds).containsExactlyInAnyOrder("slack", "webhook");
    assertThat(sent).extracting(Notification::receiver).containsExactlyInAnyOrder("chat", "hook");
    assertThat(sent).extracting(Notification::groupKey).containsExactlyInAnyOrder(
        "{}/{team=\"db\"}:{alertname=\"DiskFull\"}", "{}/{team=\"db\"}:{alertname=\"DiskFull\", instance=\"x\"}");
    sent.clear();
    kinds.clear();
    step(d, Duration.ofMinutes(1));
    d.send(List.of(resolved(a)));
    step(d, Duration.ofMinutes(4));
    // webhook sends resolved (default true), Slack does not (default false)
    assertThat(kinds).containsExactly("webhook");
    assertThat(sent.get(0).status()).isEqualTo("resolved");
    assertThat(sent.get(0).alerts().get(0).endsAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(4)));
    assertThat(d.groups()).isEmpty();
    assertThat(d.history().query(null, null, "DiskFull", "", 100)).extracting(HistoryEvent::kind)
        .containsExactly("firing", "notified", "notified", "resolved", "notified");
  }

  @Test
  void alertWithoutEndsAtResolvesAfterResolveTimeout() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert a = new Alert(Labels.of("alertname", "Up"), Map.of(), clock.instant(), null, "", 0);
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    step(d, Duration.ofMinutes(5)); // resolve_timeout 5m passed at T0+5m; flush at T0+5m30s
    assertThat(sent).extracting(Notification::status).containsExactly("firing", "resolved");
  }

  @Test
  void inhibitionMutesWarningsWhileTheCriticalFires() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert crit = alert("alertname", "Errors", "severity", "critical", "instance", "1");
    Alert warn = alert("alertname", "Errors", "severity", "warning", "instance", "2");
    Alert otherWarn = alert("alertname", "Latency", "severity", "warning");
    d.send(List.of(crit, warn, otherWarn));
    step(d, Duration.ofSeconds(30));
    List<String> notified = sent.stream().flatMap(n -> n.alerts().stream()).map(v -> v.labels().get("severity") + "/" + v.labels().get("alertname")).toList();
    assertThat(notified).containsExactlyInAnyOrder("critical/Errors", "warning/Latency");
    assertThat(d.groups().stream().flatMap(g -> g.alerts().stream()).filter(AlertView::inhibited))
        .extracting(AlertView::fingerprint).containsExactly(warn.fingerprint());
    // the critical resolves: the warning is no longer inhibited and is notified at the next interval
    sent.clear();
    d.send(List.of(resolved(crit)));
    step(d, Duration.ofMinutes(5));
    assertThat(sent.get(0).alerts()).extracting(v -> v.labels().get("severity")).containsExactlyInAnyOrder("warning", "critical");
  }

  @Test
  void silencesMuteUntilExpired(@TempDir Path dir) {
    Dispatcher d = dispatcher(CONFIG, dir);
    Silence s = d.silences().create(new Silence("", List.of(Matcher.of("alertname", Matcher.Op.RE, "Disk.*")),
        clock.instant(), clock.instant().plus(Duration.ofHours(2)), "alice", "disk swap", List.of()));
    d.send(List.of(alert("alertname", "DiskFull"), alert("alertname", "CpuHigh")));
    step(d, Duration.ofSeconds(30));
    assertThat(sent).extracting(n -> n.groupLabels().get("alertname")).containsExactly("CpuHigh");
    assertThat(d.groups().stream().filter(g -> g.groupLabels().get("alertname").equals("DiskFull")).findFirst().orElseThrow()
        .alerts().get(0).silencedBy()).containsExactly(s.id());
    assertThat(d.silences().expire(s.id())).isTrue();
    assertThat(d.silences().expire(s.id())).isFalse();
    assertThat(d.silences().get(s.id()).state(clock.instant())).isEqualTo(Silence.State.EXPIRED);
    step(d, Duration.ofMinutes(5));
    assertThat(sent).extracting(n -> n.groupLabels().get("alertname")).containsExactly("CpuHigh", "DiskFull");
    // persisted: a new dispatcher over the same directory knows the silence and its author
    Dispatcher again = dispatcher(CONFIG, dir);
    assertThat(again.silences().list()).singleElement().satisfies(x -> {
      assertThat(x.createdBy()).isEqualTo("alice");
      assertThat(x.matchers()).containsExactly(Matcher.of("alertname", Matcher.Op.RE, "Disk.*"));
    });
  }

  @Test
  void invalidSilencesAreRejected() {
    Dispatcher d = dispatcher(CONFIG, null);
    assertThatThrownBy(() -> d.silences().create(new Silence("", List.of(), T0, T0.plusSeconds(60), "a", "", List.of())))
        .hasMessageContaining("at least one matcher");
    assertThatThrownBy(() -> d.silences().create(new Silence("", List.of(Matcher.of("a", Matcher.Op.EQ, "b")),
        T0, T0.minusSeconds(60), "a", "", List.of()))).hasMessageContaining("endsAt must be after startsAt");
  }

  @Test
  void recurringSilenceMutesOnlyInsideItsWindow() {
    clock.set(Instant.parse("2026-11-22T02:10:00Z")); // Sunday
    Dispatcher d = dispatcher(CONFIG, null);
    TimeInterval.Spec sundayNight = new TimeInterval.Spec(List.of(new TimeInterval.TimeRange(120, 240)),
        List.of(new TimeInterval.Range(0, 0)), List.of(), List.of(), List.of(), null);
    d.silences().create(new Silence("", List.of(Matcher.of("alertname", Matcher.Op.EQ, "BackupRunning")),
        clock.instant().minus(Duration.ofDays(30)), clock.instant().plus(Duration.ofDays(365)), "ops",
        "weekly maintenance", List.of(sundayNight)));
    d.send(List.of(alert("alertname", "BackupRunning")));
    step(d, Duration.ofSeconds(30));
    assertThat(sent).isEmpty();
    for (int i = 0; i < 23; i++) { // until 04:05
      step(d, Duration.ofMinutes(5));
    }
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).groupLabels()).containsEntry("alertname", "BackupRunning");
  }

  @Test
  void muteTimeIntervalOnRoute() {
    Dispatcher d = dispatcher(CONFIG, null); // Friday 10:00: office hours, the night route is muted
    d.send(List.of(alert("alertname", "Batch", "team", "night")));
    step(d, Duration.ofSeconds(30));
    assertThat(sent).isEmpty();
    clock.set(Instant.parse("2026-11-20T17:00:00Z"));
    d.tick();
    assertThat(sent).hasSize(1);
  }

  @Test
  void ackStopsRepeatsUntilResolvedAndIsRecorded() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert a = alert("alertname", "Latency", "instance", "a");
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    step(d, Duration.ofMinutes(1));
    Ack ack = d.ack(a.fingerprint(), "bob", "looking", null);
    assertThat(ack.by()).isEqualTo("bob");
    assertThat(d.groups().get(0).alerts().get(0).ackedBy()).isEqualTo("bob");
    for (int i = 0; i < 60; i++) { // 5 hours: no repeat
      step(d, Duration.ofMinutes(5));
    }
    assertThat(sent).hasSize(1);
    // a new alert in the group still notifies
    d.send(List.of(alert("alertname", "Latency", "instance", "b")));
    step(d, Duration.ofMinutes(5));
    assertThat(sent).hasSize(2);
    // resolving clears the ack; acking an unknown alert fails
    d.send(List.of(resolved(a)));
    d.tick();
    assertThat(d.acks()).isEmpty();
    assertThatThrownBy(() -> d.ack(a.fingerprint(), "bob", "", null)).hasMessageContaining("no firing alert");
    assertThat(d.history().query(null, null, "Latency", "", 100)).extracting(HistoryEvent::kind).contains("acked");
  }

  @Test
  void ackExpires() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert a = alert("alertname", "Latency");
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    d.ack(a.fingerprint(), "bob", "", Duration.ofHours(1));
    for (int i = 0; i < 49; i++) {
      step(d, Duration.ofMinutes(5));
    }
    assertThat(sent).hasSize(2); // the repeat after 4h happens because the ack expired after 1h
  }

  @Test
  void failedSendsAreRetriedWithBackoffAndCounted() {
    Dispatcher d = dispatcher(CONFIG, null);
    failuresLeft = 3;
    d.send(List.of(alert("alertname", "Latency")));
    step(d, Duration.ofSeconds(30)); // attempt 1 fails, next in 5s
    step(d, Duration.ofSeconds(4));
    assertThat(failuresLeft).isEqualTo(2);
    step(d, Duration.ofSeconds(1)); // attempt 2 fails, next in 10s
    assertThat(failuresLeft).isEqualTo(1);
    step(d, Duration.ofSeconds(9));
    assertThat(failuresLeft).isEqualTo(1);
    step(d, Duration.ofSeconds(1)); // attempt 3 fails, next in 20s
    step(d, Duration.ofSeconds(20)); // delivered
    assertThat(sent).hasSize(1);
    ReceiverStats hook = d.stats().stream().filter(s -> s.receiver().equals("hook")).findFirst().orElseThrow();
    assertThat(hook.sent()).isEqualTo(1);
    assertThat(hook.retried()).isEqualTo(3);
    assertThat(hook.failed()).isZero();
    assertThat(hook.pending()).isZero();
    assertThat(hook.lastError()).isEqualTo("connection refused");
    assertThat(d.history().query(null, null, "", "hook", 100)).extracting(HistoryEvent::kind)
        .containsExactly("notify_failed", "notify_failed", "notify_failed", "notified");
  }

  @Test
  void receiverDownLongerThanTheBudgetIsDroppedAndVisible() {
    Dispatcher d = dispatcher(CONFIG, null);
    failuresLeft = Integer.MAX_VALUE;
    d.send(List.of(alert("alertname", "Latency")));
    for (int i = 0; i < 70; i++) {
      step(d, Duration.ofMinutes(1));
    }
    ReceiverStats hook = d.stats().stream().filter(s -> s.receiver().equals("hook")).findFirst().orElseThrow();
    assertThat(hook.failed()).isEqualTo(1);
    assertThat(hook.pending()).isZero();
    assertThat(d.history().query(null, null, "", "hook", 1000)).extracting(HistoryEvent::kind).contains("notify_dropped");
  }

  @Test
  void pendingNotificationsSurviveARestart(@TempDir Path dir) {
    Dispatcher d = dispatcher(CONFIG, dir);
    failuresLeft = Integer.MAX_VALUE;
    d.send(List.of(alert("alertname", "Latency")));
    step(d, Duration.ofSeconds(30));
    assertThat(d.stats().stream().mapToLong(ReceiverStats::pending).sum()).isEqualTo(1);
    d.close();
    failuresLeft = 0;
    Dispatcher restarted = dispatcher(CONFIG, dir);
    restarted.tick();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).groupKey()).isEqualTo("{}:{alertname=\"Latency\"}");
    restarted.close();
    Dispatcher again = dispatcher(CONFIG, dir);
    again.tick();
    assertThat(sent).hasSize(1); // delivered once, not again
    assertThat(again.history().query(null, null, "Latency", "", 100)).extracting(HistoryEvent::kind)
        .contains("firing", "notify_failed", "notified");
  }

  @Test
  void restartNeitherRepeatsSentNotificationsNorRecordsFiringAnew(@TempDir Path dir) {
    Dispatcher d = dispatcher(CONFIG, dir);
    Alert a = alert("alertname", "Latency");
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    assertThat(sent).hasSize(1);
    d.close();
    Dispatcher restarted = dispatcher(CONFIG, dir);
    restarted.send(List.of(a)); // the rule engine re-sends its firing alerts after a restart
    for (int i = 0; i < 12; i++) {
      step(restarted, Duration.ofMinutes(5));
    }
    assertThat(sent).hasSize(1);
    assertThat(restarted.groups()).singleElement().satisfies(g -> assertThat(g.alerts()).hasSize(1));
    assertThat(restarted.history().query(null, null, "Latency", "", 100)).extracting(HistoryEvent::kind)
        .containsExactly("firing", "notified");
    // and the group keeps its timers: a resolution is notified at the next group interval
    restarted.send(List.of(resolved(a)));
    step(restarted, Duration.ofMinutes(5));
    assertThat(sent).extracting(Notification::status).containsExactly("firing", "resolved");
  }

  @Test
  void reloadKeepsSilencesAcksAndGroupTimers() {
    Dispatcher d = dispatcher(CONFIG, null);
    Alert a = alert("alertname", "Latency");
    d.send(List.of(a));
    step(d, Duration.ofSeconds(30));
    d.ack(a.fingerprint(), "bob", "", null);
    d.silences().create(new Silence("", List.of(Matcher.of("x", Matcher.Op.EQ, "y")), T0, T0.plus(Duration.ofDays(1)), "a", "", List.of()));
    d.reload(NotifyConfigParser.parse(CONFIG.replace("group_by: [alertname]", "group_by: [alertname]\n  repeat_interval: 1h"), "new.yml"));
    assertThat(d.silences().list()).hasSize(1);
    assertThat(d.acks()).hasSize(1);
    step(d, Duration.ofMinutes(5));
    assertThat(sent).hasSize(1); // same group, its notification log kept: no duplicate
    assertThat(d.config().route().repeatInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void noiseReportFlagsAlertsThatFireOftenWithoutAcks() {
    Dispatcher d = dispatcher(CONFIG, null);
    for (int i = 0; i < 6; i++) {
      Alert flappy = alert("alertname", "Flappy");
      Alert real = alert("alertname", "Real");
      d.send(List.of(flappy, real));
      step(d, Duration.ofMinutes(1));
      if (i % 2 == 0) {
        d.ack(real.fingerprint(), "carol", "", null);
      }
      step(d, Duration.ofMinutes(i + 1));
      d.send(List.of(resolved(flappy), resolved(real)));
      step(d, Duration.ofMinutes(10));
    }
    List<NoiseEntry> noise = d.noise(Duration.ofDays(1));
    NoiseEntry flappy = noise.stream().filter(n -> n.alertname().equals("Flappy")).findFirst().orElseThrow();
    assertThat(flappy.timesFired()).isEqualTo(6);
    assertThat(flappy.flagged()).isTrue();
    assertThat(flappy.fractionAcked()).isZero();
    // fired for 2,3,4,5,6,7 minutes: median 4m30s
    assertThat(flappy.medianFiring()).isEqualTo(Duration.ofSeconds(270));
    NoiseEntry real = noise.stream().filter(n -> n.alertname().equals("Real")).findFirst().orElseThrow();
    assertThat(real.fractionAcked()).isEqualTo(0.5);
    assertThat(real.flagged()).isFalse();
    assertThat(d.history().query(clock.instant().minus(Duration.ofMinutes(11)), null, "Flappy", "", 10))
        .extracting(HistoryEvent::kind).containsExactly("resolved", "notified");
  }

  @Test
  void routesAnswerAsAmtool() {
    Dispatcher d = dispatcher(CONFIG, null);
    List<RouteDecision> r = d.routes(Labels.of("alertname", "X", "team", "db", "instance", "i"));
    assertThat(r).extracting(RouteDecision::receiver).containsExactly("chat", "hook");
    assertThat(r.get(1).groupLabels()).containsOnlyKeys("alertname", "instance");
    assertThat(d.routes(Labels.of("alertname", "X"))).extracting(RouteDecision::receiver).containsExactly("hook");
  }
}
