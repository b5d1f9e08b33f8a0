package dev.sightline.query.promql.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InMemoryMetricStore;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.query.promql.QueryResult;
import dev.sightline.query.promql.RangeSeries;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.parse.PromqlParser;
import dev.sightline.store.metrics.StaleMarker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The all-steps evaluation of aggregated range functions must answer exactly as the step-by-step path. */
class RangeAggregationTest {
  private static final long START = 300_000;
  private static final long END = 1_500_000;
  private final InMemoryMetricStore store = new InMemoryMetricStore();

  @BeforeEach
  void load() {
    Random rnd = new Random(7);
    for (int s = 0; s < 12; s++) {
      String job = "j" + (s % 3);
      Labels l = Labels.of("__name__", "req_total", "job", job, "instance", "i" + s, "le", s % 2 == 0 ? "0.5" : "+Inf");
      double v = rnd.nextInt(50);
      for (int i = 0; i <= 120; i++) {
        long t = i * 15_000L + rnd.nextInt(3);
        if (s == 1 && i > 40 && i < 70) {
          continue; // a gap longer than every window below
        }
        if (s == 2 && i < 50) {
          continue; // starts inside the range
        }
        if (s == 3 && i > 80) {
          continue; // ends inside the range
        }
        if (s == 4 && (i == 30 || i == 31 || i == 90)) {
          store.add(l, t, StaleMarker.STALE_NAN);
          continue;
        }
        if (s == 5 && i % 37 == 36) {
          v = rnd.nextInt(5); // counter reset
        } else {
          v += rnd.nextInt(20);
        }
        if (s == 6 && i == 60) {
          store.add(l, t, Double.NaN);
          continue;
        }
        if (s == 7 && i == 100) {
          store.add(l, t, Double.POSITIVE_INFINITY);
          continue;
        }
        store.add(l, t, v + (s == 8 ? 0.1 * i : 0));
      }
    }
    // A name that is not a counter's (rate infos), and a lone sample (no rate: fewer than two points).
    for (int i = 0; i <= 120; i += 2) {
      store.add(Labels.of("__name__", "temperature", "job", "j0"), i * 15_000L, 20 + (i % 7));
    }
    store.add(Labels.of("__name__", "req_total", "job", "j9", "instance", "lone"), 600_000, 5);
  }

  private static final String[] QUERIES = {
      "sum by (job) (rate(req_total[1m]))",
      "sum(rate(req_total[2m]))",
      "sum without (instance) (increase(req_total[90s]))",
      "count by (job) (delta(req_total[45s]))",
      "min by (job) (rate(req_total[1m]))",
      "max by (le) (rate(req_total[1m]))",
      "group by (job) (rate(req_total[5m]))",
      "sum by (job) (rate(req_total[1m] offset 2m))",
      "sum by (job) (rate(req_total[1m] offset -1m))",
      "sum by (job) (rate(req_total[1m] @ 600))",
      "sum by (job) (increase(req_total[3m] @ start()))",
      "sum by (job) (rate(req_total[3m] @ end()))",
      "sum by (job) ((rate(req_total[1m])))",
      "sum by (__name__) (rate({__name__=~\"req_total|temperature\"}[1m]))",
      "sum by (job) (rate(temperature[2m]))",
      "histogram_quantile(0.9, sum by (le, job) (rate(req_total[2m])))",
      "sum by (job) (rate(req_total[1m])) / on (job) count by (job) (rate(req_total[1m]))",
      "topk(2, sum by (instance) (rate(req_total[1m])))",
      "max_over_time(sum by (job) (rate(req_total[1m]))[2m:30s])",
      "sum(sum by (job) (rate(req_total[1m])))",
      "sum by (job) (irate(req_total[1m]))",
      "max by (job) (idelta(req_total[45s] offset 1m))",
      "sum by (job) (avg_over_time(req_total[2m]))",
      "min by (le) (sum_over_time(req_total[1m]))",
      "count(count_over_time(req_total[30s]))",
      "group by (job) (present_over_time(req_total[30s]))",
      "max by (job) (max_over_time(req_total[1m] @ 900))",
      "min by (job) (min_over_time(req_total[1m]))",
      "sum by (__name__, job) (last_over_time(req_total[1m]))",
      "sum by (__name__) (first_over_time(temperature[2m]))",
      "sum by (job) (stddev_over_time(req_total[2m]))",
      "max by (job) (stdvar_over_time(req_total[2m]))",
      "sum by (job) (mad_over_time(req_total[2m]))",
      "max by (job) (ts_of_max_over_time(req_total[2m]))",
      "min by (job) (ts_of_min_over_time(req_total[2m]))",
      "max(ts_of_last_over_time(req_total[1m]))",
      "min(ts_of_first_over_time(req_total[1m]))",
      "sum by (job) (changes(req_total[3m]))",
      "sum by (job) (resets(req_total[10m]))",
      "sum by (job) (deriv(req_total[2m]))",
  };

  @Test
  void everyTabledQueryAnswersAsTheStepByStepPath() {
    long[][] ranges = {{START, END, 15_000}, {START + 7_000, END, 20_000}, {0, 1_800_000, 60_000},
        {600_000, 600_000, 15_000}};
    for (String q : QUERIES) {
      int points = 0;
      for (long[] r : ranges) {
        String what = q + " over " + r[0] + ".." + r[1] + " step " + r[2];
        Throwable generalError = catchIt(() -> run(q, r, false, 50_000_000));
        if (generalError != null) {
          // e.g. by (__name__) after rate: every group loses its name and the groups collide.
          assertThat(catchIt(() -> run(q, r, true, 50_000_000))).as(what).hasMessage(generalError.getMessage());
          points++;
          continue;
        }
        points += assertSame(what, run(q, r, false, 50_000_000), run(q, r, true, 50_000_000));
      }
      assertThat(points).as(q).isPositive();
    }
  }

  @Test
  void theBenchmarkShapeAndItsVariantsAreTabled() {
    for (String q : new String[] {"sum by (le, service) (rate(x_bucket[5m]))", "count(delta(x[1m] offset 1m))",
        "max without (a) (increase(x[1m] @ 100))", "sum((rate(x[1m])))", "sum(irate(x[1m]))",
        "min(last_over_time(x[1m]))", "count(changes(x[5m]))"}) {
      assertThat(RangeAggregation.shape((Aggregate) PromqlParser.parse(q))).as(q).isNotNull();
    }
    for (String q : new String[] {"avg(rate(x[1m]))", "topk(1, rate(x[1m]))", "sum(absent_over_time(x[1m]))",
        "sum(quantile_over_time(0.5, x[1m]))", "sum(predict_linear(x[1m], 60))",
        "sum(rate(x[1m:15s]))", "sum(rate(x[1m] anchored))", "sum(x)", "sum(rate(x[1m]) * 2)"}) {
      Expr e = PromqlParser.parse(q, true);
      assertThat(e instanceof Aggregate a ? RangeAggregation.shape(a) : null).as(q).isNull();
    }
  }

  @Test
  void stepsServedFromTheTableEqualTheGeneralAggregation() {
    // Below the query runner: the table's vector at each step, sample for sample and in order.
    for (String q : new String[] {"sum by (job) (rate(req_total[1m]))", "min(increase(req_total[2m] offset 1m))",
        "count without (instance) (delta(req_total[45s]))", "max by (job) (irate(req_total[1m]))",
        "sum by (__name__, job) (last_over_time(req_total[1m]))", "sum(mad_over_time(req_total[2m]))"}) {
      Aggregate a = (Aggregate) PromqlParser.parse(q, true);
      Evaluator ev = new Evaluator(settings(50_000_000), q, START, END, 15_000);
      ev.prefetch(a);
      RangeAggregation table = RangeAggregation.compute(ev, a);
      assertThat(table).isNotNull();
      int k = 0;
      for (long t = START; t <= END; t += 15_000, k++) {
        ev.beginStep();
        List<Value.Sample> expected = ((Value.Vector) Aggregations.eval(ev, a, t)).samples();
        ev.beginStep();
        List<Value.Sample> actual = table.at(ev, k, t).samples();
        assertThat(actual).as("%s at %d", q, t).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
          assertThat(actual.get(i).labels()).isEqualTo(expected.get(i).labels());
          assertThat(Double.doubleToLongBits(actual.get(i).v())).as("%s at %d", q, t)
              .isEqualTo(Double.doubleToLongBits(expected.get(i).v()));
          assertThat(actual.get(i).dropName()).isEqualTo(expected.get(i).dropName());
        }
      }
    }
  }

  @Test
  void theSampleBudgetFailsAtTheSameStepAsTheGeneralPath() {
    // 12 series x ~4 samples per 1m window: a budget of 40 a step fails wherever the general path fails.
    String q = "sum by (job) (rate(req_total[1m]))";
    long[] r = {START, END, 15_000};
    for (int budget : new int[] {30, 45, 60}) {
      Throwable general = catchIt(() -> run(q, r, false, budget));
      Throwable tabled = catchIt(() -> run(q, r, true, budget));
      if (general == null) {
        assertThat(tabled).isNull();
      } else {
        assertThat(tabled).isInstanceOf(PromqlException.class).hasMessage(general.getMessage());
      }
    }
    assertThatThrownBy(() -> run(q, r, true, 10)).isInstanceOf(PromqlException.class)
        .hasMessageContaining("too many samples");
  }

  private static Throwable catchIt(Runnable r) {
    try {
      r.run();
      return null;
    } catch (PromqlException e) {
      return e;
    }
  }

  private QueryResult run(String q, long[] r, boolean tables, int maxSamples) {
    Expr e = PromqlParser.parse(q, true, r[2], r[1] - r[0]);
    return QueryRunner.range(settings(maxSamples), q, e, r[0], r[1], r[2], tables);
  }

  private Evaluator.Settings settings(int maxSamples) {
    return new Evaluator.Settings(store, 300_000, 60_000, maxSamples, Long.MAX_VALUE, () -> 0L);
  }

  /** Asserts equal answers, annotations included; returns the number of points. */
  private static int assertSame(String what, QueryResult expected, QueryResult actual) {
    assertThat(actual.warnings()).as(what).isEqualTo(expected.warnings());
    assertThat(actual.infos()).as(what).isEqualTo(expected.infos());
    List<RangeSeries> e = ((PromqlValue.Matrix) expected.value()).series();
    List<RangeSeries> a = ((PromqlValue.Matrix) actual.value()).series();
    assertThat(a).as(what).hasSameSizeAs(e);
    for (int i = 0; i < e.size(); i++) {
      assertThat(a.get(i).labels()).as(what).isEqualTo(e.get(i).labels());
      assertThat(a.get(i).timestampsMs()).as(what).isEqualTo(e.get(i).timestampsMs());
      // double[] equality compares bits: NaN equals NaN, 0.0 differs from -0.0.
      assertThat(a.get(i).values()).as(what + " " + e.get(i).labels()).isEqualTo(e.get(i).values());
    }
    return e.stream().mapToInt(s -> s.timestampsMs().length).sum();
  }
}
