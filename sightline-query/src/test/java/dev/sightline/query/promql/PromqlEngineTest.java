package dev.sightline.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.StaleMarker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromqlEngineTest {
  private final InMemoryMetricStore store = new InMemoryMetricStore();
  private PromqlEngine engine;

  @BeforeEach
  void load() {
    // http_requests_total{job="api"} grows by 60 a minute; {job="web"} by 120; one sample every 15 s.
    for (int i = 0; i <= 40; i++) {
      store.add(Labels.of("__name__", "http_requests_total", "job", "api"), i * 15_000L, i * 15.0);
      store.add(Labels.of("__name__", "http_requests_total", "job", "web"), i * 15_000L, i * 30.0);
    }
    engine = PromqlEngine.builder(store).build();
  }

  @Test
  void instantVectorQuery() {
    QueryResult r = engine.instantQuery("sum by (job) (rate(http_requests_total[1m]))", Instant.ofEpochSecond(600));
    PromqlValue.Vector v = (PromqlValue.Vector) r.value();
    assertThat(v.typeName()).isEqualTo("vector");
    assertThat(v.samples()).extracting(InstantSample::labels)
        .containsExactlyInAnyOrder(Labels.of("job", "api"), Labels.of("job", "web"));
    assertThat(v.samples()).allSatisfy(s -> assertThat(s.timestampMs()).isEqualTo(600_000));
    assertThat(v.samples()).filteredOn(s -> s.labels().get("job").equals("api"))
        .singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void scalarStringAndMatrixResults() {
    assertThat(engine.instantQuery("1 + 2 * 3", Instant.EPOCH).value())
        .isEqualTo(new PromqlValue.Scalar(0, 7));
    assertThat(engine.instantQuery("\"hi\"", Instant.ofEpochSecond(5)).value())
        .isEqualTo(new PromqlValue.Str(5_000, "hi"));
    PromqlValue.Matrix m = (PromqlValue.Matrix) engine
        .instantQuery("http_requests_total{job=\"api\"}[1m]", Instant.ofEpochSecond(60)).value();
    // Left-open window (0s, 60s]: the sample at 0 s is out, the one at 60 s is in.
    assertThat(m.series()).singleElement().satisfies(s ->
        assertThat(s.timestampsMs()).containsExactly(15_000, 30_000, 45_000, 60_000));
  }

  @Test
  void rangeQueryStepsEqualInstantQueries() {
    // Range evaluation reuses per-series window cursors from step to step and reads rate windows in
    // place; every step must still equal an instant query at that time, also with stale markers, a
    // counter reset, a series that starts late, and a subquery whose inner steps move back in time.
    for (int i = 0; i <= 40; i++) {
      double v = i == 17 ? StaleMarker.STALE_NAN : (i < 25 ? i * 7.0 : (i - 25) * 3.0);
      store.add(Labels.of("__name__", "jobs_total", "job", "a"), i * 15_000L + (i % 3), v);
      if (i > 12) {
        store.add(Labels.of("__name__", "jobs_total", "job", "b"), i * 15_000L, i * 2.0);
      }
    }
    engine = PromqlEngine.builder(store).build();
    for (String q : new String[] {"rate(jobs_total[1m])", "increase(jobs_total[2m])", "delta(jobs_total[45s])",
        "sum by (job) (rate(jobs_total[1m] offset 30s))", "max_over_time(rate(jobs_total[1m])[2m:15s])"}) {
      PromqlValue.Matrix m = (PromqlValue.Matrix) engine.rangeQuery(q, Instant.ofEpochSecond(0),
          Instant.ofEpochSecond(600), Duration.ofSeconds(20)).value();
      int points = 0;
      for (long t = 0; t <= 600; t += 20) {
        PromqlValue.Vector v = (PromqlValue.Vector) engine.instantQuery(q, Instant.ofEpochSecond(t)).value();
        for (InstantSample s : v.samples()) {
          long ts = t * 1000;
          RangeSeries rs = m.series().stream().filter(x -> x.labels().equals(s.labels())).findFirst().orElseThrow();
          int k = java.util.Arrays.binarySearch(rs.timestampsMs(), ts);
          assertThat(k).as("%s at %d", q, t).isGreaterThanOrEqualTo(0);
          assertThat(rs.values()[k]).as("%s at %d", q, t).isEqualTo(s.value());
          points++;
        }
      }
      int total = m.series().stream().mapToInt(x -> x.timestampsMs().length).sum();
      assertThat(total).as(q).isEqualTo(points).isPositive();
    }
  }

  @Test
  void rangeQueryEvaluatesEveryStep() {
    QueryResult r = engine.rangeQuery("http_requests_total{job=\"api\"} * 2", Instant.ofEpochSecond(0),
        Instant.ofEpochSecond(120), Duration.ofMinutes(1));
    PromqlValue.Matrix m = (PromqlValue.Matrix) r.value();
    assertThat(m.series()).singleElement().satisfies(s -> {
      assertThat(s.labels()).isEqualTo(Labels.of("job", "api"));
      assertThat(s.timestampsMs()).containsExactly(0, 60_000, 120_000);
      assertThat(s.values()).containsExactly(0, 120, 240);
    });
    PromqlValue.Matrix scalar = (PromqlValue.Matrix) engine.rangeQuery("time()", Instant.ofEpochSecond(0),
        Instant.ofEpochSecond(60), Duration.ofSeconds(30)).value();
    assertThat(scalar.series()).singleElement().satisfies(s -> {
      assertThat(s.labels()).isEqualTo(Labels.empty());
      assertThat(s.values()).containsExactly(0, 30, 60);
    });
  }

  @Test
  void staleMarkerEndsASeriesAndLookbackIsConfigurable() {
    store.add(Labels.of("__name__", "gauge"), 0, 1);
    store.add(Labels.of("__name__", "gauge"), 10_000, StaleMarker.STALE_NAN);
    assertThat(vectorSize(engine.instantQuery("gauge", Instant.ofEpochSecond(5)))).isEqualTo(1);
    assertThat(vectorSize(engine.instantQuery("gauge", Instant.ofEpochSecond(11)))).isZero();

    store.add(Labels.of("__name__", "other"), 0, 1);
    PromqlEngine shortLookback = PromqlEngine.builder(store).lookbackDelta(Duration.ofSeconds(30)).build();
    assertThat(vectorSize(shortLookback.instantQuery("other", Instant.ofEpochSecond(29)))).isEqualTo(1);
    assertThat(vectorSize(shortLookback.instantQuery("other", Instant.ofEpochSecond(30)))).isZero();
  }

  @Test
  void tooManySamplesFailsLikePrometheus() {
    PromqlEngine small = PromqlEngine.builder(store).maxSamples(10).build();
    assertThatThrownBy(() -> small.instantQuery("http_requests_total[10m]", Instant.ofEpochSecond(600)))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query processing would load too many samples into memory in query execution")
        .satisfies(e -> assertThat(((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.EXECUTION));
    assertThat(vectorSize(small.instantQuery("http_requests_total", Instant.ofEpochSecond(600)))).isEqualTo(2);
  }

  @Test
  void queryTimeoutIsMeasuredOnTheInjectedClock() {
    AtomicLong now = new AtomicLong();
    Clock ticking = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now.getAndAdd(1_000));
      }
    };
    PromqlEngine slow = PromqlEngine.builder(store).timeout(Duration.ofSeconds(5)).clock(ticking).build();
    assertThatThrownBy(() -> slow.rangeQuery("http_requests_total", Instant.EPOCH, Instant.ofEpochSecond(600),
        Duration.ofSeconds(15)))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query timed out in expression evaluation")
        .satisfies(e -> assertThat(((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.TIMEOUT));
  }

  @Test
  void badRequestsAreRefusedBeforeEvaluation() {
    assertThatThrownBy(() -> engine.rangeQuery("up", Instant.ofEpochSecond(10), Instant.EPOCH, Duration.ofSeconds(1)))
        .hasMessage("end timestamp must not be before start time");
    assertThatThrownBy(() -> engine.rangeQuery("up", Instant.EPOCH, Instant.ofEpochSecond(10), Duration.ZERO))
        .hasMessageContaining("zero or negative query resolution step");
    assertThatThrownBy(() -> engine.rangeQuery("up", Instant.EPOCH, Instant.ofEpochSecond(100_000),
        Duration.ofSeconds(1))).hasMessageContaining("exceeded maximum resolution of 11,000 points");
    assertThatThrownBy(() -> engine.rangeQuery("up[5m]", Instant.EPOCH, Instant.ofEpochSecond(10),
        Duration.ofSeconds(1))).hasMessageContaining("invalid expression type \"range vector\" for range query");
    assertThatThrownBy(() -> engine.instantQuery("sum(", Instant.EPOCH))
        .isInstanceOf(PromqlParseException.class)
        .satisfies(e -> assertThat(((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.BAD_DATA));
  }

  @Test
  void manyToManyMatchingIsRefusedWithPrometheusWording() {
    store.add(Labels.of("__name__", "dup", "label", "a"), 0, 1);
    store.add(Labels.of("__name__", "dup", "label", "b"), 0, 1);
    store.add(Labels.of("__name__", "one"), 0, 1);
    assertThatThrownBy(() -> engine.instantQuery("one + on() dup", Instant.EPOCH))
        .hasMessage("found duplicate series for the match group {} on the right hand-side of the operation: "
            + "[{__name__=\"dup\", label=\"a\"}, {__name__=\"dup\", label=\"b\"}];many-to-many matching not allowed: "
            + "matching labels must be unique on one side");
  }

  @Test
  void rateOnANonCounterNameAddsPrometheusInfo() {
    store.add(Labels.of("__name__", "temperature"), 0, 1);
    store.add(Labels.of("__name__", "temperature"), 15_000, 2);
    QueryResult r = engine.instantQuery("rate(temperature[1m])", Instant.ofEpochSecond(30));
    assertThat(r.infos()).containsExactly("PromQL info: metric might not be a counter, name does not end in "
        + "_total/_sum/_count/_bucket: \"temperature\" (1:6)");
  }

  private static int vectorSize(QueryResult r) {
    return ((PromqlValue.Vector) r.value()).samples().size();
  }
}
