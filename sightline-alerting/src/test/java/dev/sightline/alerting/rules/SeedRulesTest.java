package dev.sightline.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.alerting.Alert;
import dev.sightline.model.metric.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's two example rules, verbatim, over traffic written into the real TSDB while the clock moves:
 * healthy, then bad (pending, then firing after {@code for}), then healthy again (resolved).
 */
class SeedRulesTest {
  static final String RULES = """
      groups:
        - name: seed
          rules:
            - alert: HighErrorRate
              expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01
              for: 2m
              labels:
                severity: critical
              annotations:
                summary: "Error rate is {{ $value | humanizePercentage }}"
            - alert: HighLatency
              expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2.0
              for: 5m
              labels:
                severity: warning
              annotations:
                summary: "p99 latency is {{ humanizeDuration $value }}"
      """;
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final String[] LE = {"0.5", "1", "2.5", "5", "+Inf"};

  @TempDir
  Path dir;

  /** Per 15 s: 100 requests; {@code bad} makes 5% of them 5xx and 5% of them take 3-5 s. */
  double ok;
  double errors;
  final double[] buckets = new double[LE.length];

  void traffic(TestBed bed, boolean bad) {
    double errs = bad ? 5 : 0;
    ok += 100 - errs;
    errors += errs;
    double slow = bad ? 5 : 0;
    for (int i = 0; i < LE.length; i++) {
      buckets[i] += i < 3 ? 100 - slow : 100;
    }
    bed.append(Labels.of("__name__", "http_requests_total", "status", "200"), ok);
    bed.append(Labels.of("__name__", "http_requests_total", "status", "500"), errors);
    for (int i = 0; i < LE.length; i++) {
      bed.append(Labels.of("__name__", "http_request_duration_seconds_bucket", "le", LE[i]), buckets[i]);
    }
  }

  @Test
  void pendingFiringResolvedForBothSeedRules() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      RuleFile f = RuleFileParser.builder().build().parse("seed.yml", RULES);
      bed.rules.update(f.groups());
      Map<String, List<String>> timeline = new LinkedHashMap<>();
      timeline.put("HighErrorRate", new ArrayList<>());
      timeline.put("HighLatency", new ArrayList<>());
      Map<String, Instant> firstPending = new LinkedHashMap<>();
      Map<String, Instant> firstFiring = new LinkedHashMap<>();
      // 0-10m healthy, 10m-25m bad, 25m-45m healthy; 15 s scrapes, ticks every 15 s (group interval 1m).
      for (int step = 0; step <= 45 * 4; step++) {
        Instant now = bed.clock.instant();
        long minute = Duration.between(T0, now).toMinutes();
        traffic(bed, minute >= 10 && minute < 25);
        bed.rules.tick();
        for (RuleStatus r : bed.rules.groups().get(0).rules()) {
          List<String> t = timeline.get(r.name());
          if (t.isEmpty() || !t.get(t.size() - 1).equals(r.state())) {
            t.add(r.state());
          }
          if (r.state().equals("pending")) {
            firstPending.putIfAbsent(r.name(), now);
          }
          if (r.state().equals("firing")) {
            firstFiring.putIfAbsent(r.name(), now);
          }
        }
        bed.clock.advance(Duration.ofSeconds(15));
      }
      assertThat(timeline.get("HighErrorRate")).containsExactly("inactive", "pending", "firing", "inactive");
      assertThat(timeline.get("HighLatency")).containsExactly("inactive", "pending", "firing", "inactive");
      assertThat(Duration.between(firstPending.get("HighErrorRate"), firstFiring.get("HighErrorRate")))
          .isEqualTo(Duration.ofMinutes(2));
      assertThat(Duration.between(firstPending.get("HighLatency"), firstFiring.get("HighLatency")))
          .isEqualTo(Duration.ofMinutes(5));
      assertThat(firstPending.get("HighErrorRate")).isBetween(T0.plus(Duration.ofMinutes(10)),
          T0.plus(Duration.ofMinutes(12)));

      // What the sink got: the firing alert with expanded annotations, endsAt 4 resend delays ahead ...
      List<Alert> firing = bed.sent.stream().flatMap(List::stream)
          .filter(a -> a.name().equals("HighErrorRate") && a.startsAt().equals(firstFiring.get("HighErrorRate")))
          .toList();
      assertThat(firing).isNotEmpty();
      Alert first = firing.get(0);
      assertThat(first.labels()).isEqualTo(Labels.of("alertname", "HighErrorRate", "severity", "critical"));
      assertThat(first.annotations().get("summary")).matches("Error rate is [0-9.]+%");
      assertThat(first.endsAt()).isEqualTo(first.startsAt().plus(Duration.ofMinutes(4)));
      // ... re-sent after the resend delay while firing, and sent resolved at the end.
      assertThat(firing.size()).isGreaterThan(3);
      Alert last = firing.get(firing.size() - 1);
      assertThat(last.endsAt()).isBefore(bed.clock.instant());
      assertThat(last.endsAt()).isAfter(T0.plus(Duration.ofMinutes(25)));
      List<Alert> latency = bed.sent.stream().flatMap(List::stream).filter(a -> a.name().equals("HighLatency"))
          .toList();
      assertThat(latency.get(0).labels().get("severity")).isEqualTo("warning");
      assertThat(latency.get(0).annotations().get("summary")).matches("p99 latency is [0-9.]+s");
    }
  }

  @Test
  void alertsSeriesAreWrittenAndReadable() throws Exception {
    try (TestBed bed = new TestBed(dir, T0)) {
      bed.rules.update(RuleFileParser.builder().build().parse("seed.yml", RULES).groups());
      for (int step = 0; step <= 20 * 4; step++) {
        traffic(bed, step >= 4);
        bed.rules.tick();
        bed.clock.advance(Duration.ofSeconds(15));
      }
      assertThat(bed.query("ALERTS{alertname=\"HighErrorRate\"}")).singleElement().satisfies(s ->
          assertThat(s.labels()).isEqualTo(Labels.of("__name__", "ALERTS", "alertname", "HighErrorRate",
              "alertstate", "firing", "severity", "critical")));
      assertThat(bed.query("ALERTS_FOR_STATE{alertname=\"HighLatency\"}")).singleElement()
          .satisfies(s -> assertThat(s.value()).isBetween((double) T0.getEpochSecond(),
              (double) T0.plus(Duration.ofMinutes(6)).getEpochSecond()));
      assertThat(bed.rules.alerts()).extracting(AlertStatus::state).containsOnly("firing");
      assertThat(bed.rules.groups().get(0).rules()).allSatisfy(r -> assertThat(r.health()).isEqualTo("ok"));
    }
  }
}
