package dev.sightline.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.alerting.Alert;
import dev.sightline.model.metric.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus's alerting semantics on the real TSDB, the clock moved by hand. */
class RuleEngineTest {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final Labels G = Labels.of("__name__", "g", "job", "api");

  @TempDir
  Path dir;

  static List<RuleGroupConfig> rules(String yaml) throws Exception {
    return RuleFileParser.builder().build().parse("r.yml", yaml).groups();
  }

  /** Writes g=value, ticks, returns the rule's state; the clock then moves one minute. */
  static String step(TestBed bed, double value) {
    if (!Double.isNaN(value)) {
      bed.append(G, value);
    }
    bed.rules.tick();
    String s = bed.rules.groups().get(0).rules().get(0).state();
    bed.clock.advance(Duration.ofMinutes(1));
    return s;
  }

  @Test
  void keepFiringForHoldsAFiringAlertThenResolvesAndKeepsSendingTheResolution() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules("""
          groups:
            - name: g
              rules:
                - alert: Flapping
                  expr: g > 0
                  keep_firing_for: 3m
          """));
      assertThat(step(bed, 1)).isEqualTo("firing"); // 0m: no for, fires at once
      assertThat(step(bed, 1)).isEqualTo("firing"); // 1m
      assertThat(step(bed, 1)).isEqualTo("firing"); // 2m
      assertThat(step(bed, 0)).isEqualTo("firing"); // 3m: false, kept firing since 3m
      bed.append(G, 0);
      bed.rules.tick();
      assertThat(bed.rules.alerts()).singleElement().satisfies(a ->
          assertThat(a.keepFiringSince()).isEqualTo(T0.plus(Duration.ofMinutes(3))));
      bed.clock.advance(Duration.ofMinutes(1));
      assertThat(step(bed, 0)).isEqualTo("firing"); // 5m: 2m < 3m
      assertThat(step(bed, 0)).isEqualTo("inactive"); // 6m: held 3m, resolves
      Alert resolved = bed.lastSent().get(0);
      assertThat(resolved.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(6)));
      assertThat(resolved.startsAt()).isEqualTo(T0);
      assertThat(bed.rules.alerts()).isEmpty();
      int sends = bed.sent.size();
      for (int i = 7; i <= 22; i++) {
        step(bed, 0);
      }
      // Re-sent while retained (every 2 evaluations with 1m interval and 1m resend delay) ...
      List<Alert> later = bed.sent.subList(sends, bed.sent.size()).stream().flatMap(List::stream).toList();
      assertThat(later).hasSize(7) // 8m, 10m ... 20m; at 22m it is past retention
          .allSatisfy(a -> assertThat(a.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(6))));
      // ... and dropped once resolved for more than 15m.
      int before = bed.sent.size();
      for (int i = 23; i <= 26; i++) {
        step(bed, 0);
      }
      assertThat(bed.sent).hasSize(before);
      assertThat(bed.rules.ruleGroups().get(0).rules().get(0)).isInstanceOfSatisfying(AlertingRule.class,
          r -> assertThat(r.active).isEmpty());
    }
  }

  @Test
  void firingAlertsAreResentEveryResendDelayWithEndsAtFourIntervalsAhead() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules("groups:\n  - name: g\n    interval: 2m\n    rules:\n      - alert: A\n        expr: g > 0\n"));
      for (int i = 0; i < 10; i++) {
        step(bed, 1);
      }
      List<Alert> sent = bed.sent.stream().flatMap(List::stream).toList();
      assertThat(sent).hasSize(5); // every 2m evaluation: 2m interval > 1m resend delay
      assertThat(sent.get(4).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(8 + 8))); // 4 x max(2m, 1m)
    }
  }

  @Test
  void pendingAlertVanishesWithoutBeingSent() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: g > 0\n        for: 5m\n"));
      assertThat(step(bed, 1)).isEqualTo("pending");
      assertThat(step(bed, 1)).isEqualTo("pending");
      assertThat(step(bed, 0)).isEqualTo("inactive");
      assertThat(bed.sent).isEmpty();
    }
  }

  @Test
  void forStateIsRestoredFromAlertsForStateAfterARestart() throws Exception {
    String yaml = "groups:\n  - name: g\n    rules:\n      - alert: Slow\n        expr: g > 0\n        for: 30m\n";
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules(yaml));
      for (int i = 0; i <= 20; i++) {
        assertThat(step(bed, 1)).isEqualTo("pending");
      }
      assertThat(bed.query("ALERTS_FOR_STATE")).singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo((double) T0.getEpochSecond()));
      // Down from 20m to 20m30s; the TSDB replays its WAL, the rule engine starts empty.
      bed.clock.advance(Duration.ofSeconds(-30));
      bed.restart(b -> { });
      bed.rules.update(rules(yaml));
      bed.clock.advance(Duration.ofSeconds(30));
      Instant firing = null;
      for (int i = 21; i <= 60 && firing == null; i++) {
        Instant now = bed.clock.instant();
        if (step(bed, 1).equals("firing")) {
          firing = now;
        }
      }
      // Pending 20m before the outage; restored at 22m with activeAt shifted by the 2m of downtime,
      // so it fires at 32m instead of 51m (a fresh 30m after restart).
      assertThat(firing).isEqualTo(T0.plus(Duration.ofMinutes(32)));
    }
  }

  @Test
  void shortForAlertsAreNotRestoredButRestartWithinTheGracePeriod() throws Exception {
    String yaml = "groups:\n  - name: g\n    rules:\n      - alert: Quick\n        expr: g > 0\n        for: 5m\n";
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules(yaml));
      for (int i = 0; i < 4; i++) {
        step(bed, 1);
      }
      bed.restart(b -> { });
      bed.rules.update(rules(yaml));
      assertThat(step(bed, 1)).isEqualTo("pending");
      assertThat(bed.rules.alerts().get(0).activeAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }
  }

  @Test
  void reloadKeepsStateOfUnchangedRulesAndMarksRemovedSeriesStale() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(rules("""
          groups:
            - name: g
              rules:
                - alert: A
                  expr: g > 0
                  for: 10m
                - alert: B
                  expr: g > 0
                  for: 10m
            - name: other
              rules:
                - alert: C
                  expr: g > 0
          """));
      for (int i = 0; i < 5; i++) {
        step(bed, 1);
      }
      assertThat(bed.query("ALERTS{alertname=\"C\"}")).hasSize(1);
      // B's threshold changes (its group changes); C's group goes away.
      bed.rules.update(rules("""
          groups:
            - name: g
              rules:
                - alert: A
                  expr: g > 0
                  for: 10m
                - alert: B
                  expr: g > 0.5
                  for: 10m
          """));
      assertThat(bed.query("ALERTS{alertname=\"C\"}")).isEmpty();
      step(bed, 1);
      assertThat(bed.rules.alerts()).extracting(AlertStatus::activeAt).containsOnly(T0);
      for (int i = 6; i < 10; i++) {
        step(bed, 1);
      }
      assertThat(step(bed, 1)).isEqualTo("firing"); // 10m after T0, not 10m after the reload
      assertThat(bed.rules.groups().get(0).rules().get(1).state()).isEqualTo("firing");
    }
  }

  @Test
  void recordingRulesWriteAtTheEvaluationTimeWithLabelsAndGoStale() throws Exception {
    try (TestBed bed = new TestBed(dir, T0.plusSeconds(7))) {
      bed.rules.update(rules("""
          groups:
            - name: rec
              labels: {team: core}
              rules:
                - record: job:g:sum
                  expr: sum by (job) (g)
                  labels: {source: rule}
          """));
      bed.append(G, 3);
      bed.clock.set(T0.plus(Duration.ofMinutes(1)).plusSeconds(20));
      bed.rules.tick();
      assertThat(bed.query("job:g:sum")).singleElement().satisfies(s -> {
        assertThat(s.labels()).isEqualTo(Labels.of("__name__", "job:g:sum", "job", "api", "source", "rule",
            "team", "core"));
        assertThat(s.value()).isEqualTo(3);
      });
      assertThat(bed.query("timestamp(job:g:sum)").get(0).value()).isEqualTo(T0.plusSeconds(60).getEpochSecond());
      // The source goes away (stale), so does the recorded series at the next evaluation.
      bed.append(G, dev.sightline.store.metrics.StaleMarker.STALE_NAN);
      bed.clock.advance(Duration.ofMinutes(1));
      bed.rules.tick();
      assertThat(bed.query("job:g:sum")).isEmpty();
      RuleStatus r = bed.rules.groups().get(0).rules().get(0);
      assertThat(r.type()).isEqualTo("recording");
      assertThat(r.health()).isEqualTo("ok");
      assertThat(r.lastEvaluation()).isEqualTo(T0.plusSeconds(120));
    }
  }

  @Test
  void failuresAreVisibleAndDoNotStopOtherRules() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.append(Labels.of("__name__", "a", "x", "1", "y", "1"), 1);
      bed.append(Labels.of("__name__", "b", "x", "1", "y", "2"), 1);
      bed.append(Labels.of("__name__", "b", "x", "1", "y", "3"), 1);
      bed.rules.update(rules("""
          groups:
            - name: g
              limit: 1
              rules:
                - record: joined
                  expr: a + on(x) b
                - alert: TooMany
                  expr: b > 0
                - record: fine
                  expr: vector(1)
          """));
      bed.rules.tick();
      RuleGroupStatus g = bed.rules.groups().get(0);
      assertThat(g.rules()).extracting(RuleStatus::health).containsExactly("err", "err", "ok");
      assertThat(g.rules().get(0).lastError()).contains("many");
      assertThat(g.rules().get(1).lastError()).isEqualTo("exceeded limit of 1 with 2 alerts");
      assertThat(g.evaluationFailures()).isEqualTo(2);
      assertThat(bed.query("fine")).hasSize(1);
    }
  }

  @Test
  void groupsRunOnAlignedScheduleAndCountMissedRounds() throws Exception {
    try (TestBed bed = new TestBed(dir, T0.plusSeconds(10))) {
      bed.rules.update(rules("groups:\n  - name: g\n    rules:\n      - record: one\n        expr: vector(1)\n"));
      assertThat(bed.rules.groups().get(0).rules().get(0).health()).isEqualTo("unknown");
      bed.clock.set(T0.plusSeconds(30));
      assertThat(bed.rules.tick()).isZero();
      bed.clock.set(T0.plusSeconds(60));
      assertThat(bed.rules.tick()).isEqualTo(1);
      assertThat(bed.rules.tick()).isZero();
      bed.clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(10));
      assertThat(bed.rules.tick()).isEqualTo(1);
      RuleGroupStatus g = bed.rules.groups().get(0);
      assertThat(g.lastEvaluation()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
      assertThat(g.missedIterations()).isEqualTo(3);
      assertThat(g.intervalSeconds()).isEqualTo(60);
    }
  }

  @Test
  void invalidFilesKeepThePreviousRulesRunning() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      Path good = dir.resolve("good.yml");
      java.nio.file.Files.writeString(good, "groups:\n  - name: g\n    rules:\n      - record: one\n        expr: vector(1)\n");
      bed.rules.loadFiles(List.of(good));
      Path bad = dir.resolve("bad.yml");
      java.nio.file.Files.writeString(bad, "groups:\n  - name: h\n    rules:\n      - record: two\n        expr: vector(\n");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> bed.rules.loadFiles(List.of(good, bad)))
          .isInstanceOfSatisfying(RuleFileException.class, e -> assertThat(e.errors().get(0).toString())
              .startsWith(bad + ":5:15: group \"h\", rule 1, \"two\": could not parse expression"));
      assertThat(bed.rules.groups()).extracting(RuleGroupStatus::name).containsExactly("g");
    }
  }
}
