package dev.sightline.pipeline.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import dev.sightline.model.metric.Labels;
import dev.sightline.pipeline.sampling.TailSamplingConfig.PolicyConfig;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;
import dev.sightline.pipeline.spanmetrics.SpanMetricsConfig;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Span metrics come from every span, before sampling: sampling most traces away changes no figure. */
class SpanMetricsWithSamplingTest {
  static final long T0 = 1_700_000_000_000L;

  @Test
  void metricsCountEverySpanWhileSamplingKeepsErrorsAndTenPercent() throws Exception {
    TestClock clock = new TestClock(T0);
    SpanMetrics metrics = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
    TailSampler sampler = TailSampler.create(TailSamplingConfig.of(List.of(
        PolicyConfig.statusCode("errors", "ERROR"),
        PolicyConfig.probabilistic("ten-percent", 10, null))), clock);
    Random r = new Random(7);
    Map<String, Integer> expectedCalls = new HashMap<>();
    int errorTraces = 0;
    int stored = 0;
    int ids = 0;
    for (int t = 0; t < 3_000; t++) {
      boolean error = r.nextInt(20) == 0;
      errorTraces += error ? 1 : 0;
      String traceId = String.format("%032x", t + 1);
      long start = clock.millis() * 1_000_000;
      List<Span> trace = new ArrayList<>();
      String root = String.format("%016x", ++ids);
      trace.add(Span.builder().traceId(traceId).spanId(root).name("GET /checkout").kind(SpanKind.SERVER)
          .status(error ? Status.error("x") : Status.UNSET).startEpochNanos(start).endEpochNanos(start + 50_000_000)
          .resource(Resource.ofService("frontend")).flags(1).build());
      trace.add(Span.builder().traceId(traceId).spanId(String.format("%016x", ++ids)).parentSpanId(root)
          .name("charge").kind(SpanKind.CLIENT).startEpochNanos(start).endEpochNanos(start + 20_000_000)
          .resource(Resource.ofService("frontend")).flags(1).build());
      expectedCalls.merge(error ? "frontend/GET /checkout/SPAN_KIND_SERVER/STATUS_CODE_ERROR"
          : "frontend/GET /checkout/SPAN_KIND_SERVER/STATUS_CODE_UNSET", 1, Integer::sum);
      expectedCalls.merge("frontend/charge/SPAN_KIND_CLIENT/STATUS_CODE_UNSET", 1, Integer::sum);
      // the order the server chains them in: metrics see everything, then the sampler decides
      metrics.consume(trace);
      stored += sampler.offer(trace).size();
      clock.advance(Duration.ofMillis(20));
      stored += sampler.flushDue().size();
    }
    stored += sampler.flushAll().size();

    Recording appender = new Recording();
    metrics.flush(appender, clock.millis());
    Map<String, Integer> got = new HashMap<>();
    appender.samples.forEach((labels, v) -> {
      if (SpanMetrics.CALLS_TOTAL.equals(labels.metricName())) {
        got.put(labels.get("service_name") + "/" + labels.get("span_name") + "/" + labels.get("span_kind") + "/"
            + labels.get("status_code"), v.intValue());
      }
    });
    assertThat(got).isEqualTo(expectedCalls);
    assertThat(metrics.spans()).isEqualTo(6_000);
    assertThat(sampler.policyDecisions().get("errors").get(Decision.SAMPLED)).isEqualTo(errorTraces);
    assertThat(sampler.tracesSampled() + sampler.tracesNotSampled()).isEqualTo(3_000);
    assertThat(stored).isEqualTo(2 * sampler.tracesSampled());
    assertThat(sampler.tracesSampled()).isBetween((long) errorTraces + 200, (long) errorTraces + 400);
  }

  static final class Recording implements MetricAppender {
    final Map<Labels, Double> samples = new HashMap<>();

    @Override
    public void append(Labels labels, long timestampMs, double value) {
      samples.put(labels, value);
    }

    @Override
    public AppendResult commit() {
      return new AppendResult(samples.size(), 0, 0, List.of());
    }

    @Override
    public void rollback() {}
  }
}
