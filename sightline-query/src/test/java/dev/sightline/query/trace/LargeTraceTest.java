package dev.sightline.query.trace;

import static dev.sightline.query.trace.Spans.MS;
import static dev.sightline.query.trace.Spans.id;
import static dev.sightline.query.trace.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 10,000 spans, deep and wide: no recursion, exact figures. */
class LargeTraceTest {
  private static final int N = 10_000;

  @Test
  void tenThousandDeepChain() {
    // Span i (1-based) runs from i to 2N - i ms and is the child of span i-1: each has 2 ms of self time
    // except the deepest, which has 2 ms as well (N .. N+... ); the path visits every span.
    List<Span> spans = new ArrayList<>(N);
    for (int i = 1; i <= N; i++) {
      spans.add(span(Integer.toHexString(i), i == 1 ? null : Integer.toHexString(i - 1), i % 2 == 0 ? "a" : "b",
          SpanKind.INTERNAL, "level " + i, i, 2L * N - i + 2));
    }
    TraceAnalysis a = TraceAnalyzer.create().analyze(spans);
    assertThat(a.totals().spanCount()).isEqualTo(N);
    assertThat(a.totals().durationNanos()).isEqualTo((2L * N - 1 + 2 - 1) * MS);
    assertThat(a.criticalPath()).hasSize(N);
    assertThat(a.criticalPathSegments()).hasSize(2 * N - 1);
    assertThat(a.criticalPathSegments().stream().mapToLong(CriticalPathSegment::durationNanos).sum())
        .isEqualTo(a.totals().durationNanos());
    assertThat(a.selfTimes()).allSatisfy(s -> assertThat(s.selfNanos()).isEqualTo(2 * MS));
    assertThat(a.gaps()).isEmpty();
  }

  @Test
  void tenThousandSequentialChildren() {
    List<Span> spans = new ArrayList<>(N + 1);
    spans.add(span("1", null, "batch", SpanKind.SERVER, "import", 0, 2L * N));
    for (int i = 0; i < N; i++) {
      // Children at [2i, 2i+1): 1 ms each, a 1 ms gap after each (reported from 1 ms on).
      spans.add(span(Integer.toHexString(i + 2), "1", "batch", SpanKind.CLIENT, "INSERT", 2L * i, 2L * i + 1,
          "server.address", "db"));
    }
    TraceAnalysis a = TraceAnalyzer.create().analyze(spans);
    assertThat(a.selfTimes().get(0).spanId()).isEqualTo(id("1"));
    assertThat(a.selfTimes().get(0).selfNanos()).isEqualTo((long) N * MS);
    assertThat(a.gaps().stream().filter(g -> g.kind() == GapKind.BETWEEN_CHILDREN).count()).isEqualTo(N - 1);
    assertThat(a.gaps().stream().filter(g -> g.kind() == GapKind.REMOTE_UNINSTRUMENTED).count()).isEqualTo(N);
    assertThat(a.criticalPathSegments()).hasSize(2 * N);
    assertThat(a.totals().criticalPathGapNanos()).isEqualTo((2L * N - 1) * MS);
    // Each insert is 1 ms, each between-gap 1 ms; the root's own last millisecond is self time: a tie that
    // goes to the earliest gap.
    assertThat(a.explanation().contributor()).isEqualTo(Explanation.Contributor.GAP);
  }
}
