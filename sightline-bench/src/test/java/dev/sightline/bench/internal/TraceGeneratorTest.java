package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {
  private static final long BASE = 1_700_000_000_000_000_000L;

  @Test
  void tracesHaveFiveToTwentySpansRootFirstAndChildrenInsideTheirParents() {
    TraceGenerator g = TraceGenerator.of(1, BASE);
    int errors = 0;
    for (int t = 0; t < 2000; t++) {
      List<BenchSpan> trace = g.next();
      assertThat(trace.size()).isBetween(5, 20);
      assertThat(trace.get(0).parentSpanId()).isNull();
      assertThat(trace.get(0).kind()).isEqualTo(BenchSpan.Kind.SERVER);
      Map<String, BenchSpan> byId = new HashMap<>();
      for (BenchSpan s : trace) {
        assertThat(s.traceId()).isEqualTo(trace.get(0).traceId());
        assertThat(s.endNanos()).isGreaterThan(s.startNanos());
        if (s.parentSpanId() != null) {
          BenchSpan parent = byId.get(Hex.of(s.parentSpanId()));
          assertThat(parent).as("parent is emitted before its child").isNotNull();
          assertThat(s.startNanos()).isGreaterThanOrEqualTo(parent.startNanos());
        }
        byId.put(Hex.of(s.spanId()), s);
      }
      if (trace.stream().anyMatch(BenchSpan::error)) {
        errors++;
      }
    }
    assertThat(errors).as("about 3%% of 2000 traces fail").isBetween(20, 120);
  }

  @Test
  void sameSeedGivesSameTraces() {
    List<BenchSpan> a = TraceGenerator.of(9, BASE).next();
    List<BenchSpan> b = TraceGenerator.of(9, BASE).next();
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).spanId()).isEqualTo(b.get(i).spanId());
      assertThat(a.get(i).attributes()).isEqualTo(b.get(i).attributes());
    }
  }
}
