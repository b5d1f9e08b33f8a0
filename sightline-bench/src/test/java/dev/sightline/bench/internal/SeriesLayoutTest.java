package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.alerting.rules.RuleConfig;
import dev.sightline.alerting.rules.RuleGroupConfig;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.store.metrics.MetricQuerier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesLayoutTest {
  private final SeriesLayout layout = SeriesLayout.of(50, 10, 10);

  @Test
  void defaultsGiveOneHundredThousandDistinctSeries() {
    Set<Labels> distinct = new HashSet<>();
    for (int s = 0; s < layout.size(); s++) {
      distinct.add(layout.labels(s));
    }
    assertThat(layout.size()).isEqualTo(100_000);
    assertThat(distinct).hasSize(100_000);
  }

  @Test
  void countersNeverDecreaseAndBucketsAreCumulative() {
    for (int s = 0; s < layout.size(); s += 7) {
      String name = layout.labels(s).metricName();
      if (name.equals("queue_depth")) {
        continue;
      }
      for (int step = 1; step < 50; step++) {
        assertThat(layout.value(s, step)).as("%s at %d", layout.labels(s), step)
            .isGreaterThanOrEqualTo(layout.value(s, step - 1));
      }
    }
    // series 4..15 are the 12 buckets of the first (service, route, instance), le ascending to +Inf
    for (int step = 0; step < 50; step++) {
      for (int b = 5; b <= 15; b++) {
        assertThat(layout.value(b, step)).isGreaterThanOrEqualTo(layout.value(b - 1, step));
      }
      assertThat(layout.labels(15).get("le")).isEqualTo("+Inf");
      assertThat(layout.value(15, step)).isEqualTo(layout.value(17, step)); // +Inf bucket == _count
    }
  }

  @Test
  void generatesTwentyParseableRulesPerGroupTenThousandInAll() {
    List<RuleGroupConfig> groups = RuleSetGenerator.generate(layout, 500, Duration.ofSeconds(15));
    MetricQuerier none = (MetricQuerier) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MetricQuerier.class}, (p, m, a) -> {
          throw new UnsupportedOperationException("validation must not query");
        });
    PromqlEngine promql = PromqlEngine.builder(none).build();
    Set<String> names = new HashSet<>();
    for (RuleGroupConfig g : groups) {
      assertThat(g.rules()).hasSize(RuleSetGenerator.RULES_PER_GROUP);
      assertThat(names.add(g.name())).as("group names unique").isTrue();
      for (RuleConfig r : g.rules()) {
        promql.validate(r.expr()); // throws on a malformed expression
      }
    }
    assertThat(groups.stream().mapToInt(g -> g.rules().size()).sum()).isEqualTo(10_000);
    assertThat(groups.stream().flatMap(g -> g.rules().stream()).filter(RuleConfig::isAlerting).count())
        .isEqualTo(500L * 12);
  }
}
