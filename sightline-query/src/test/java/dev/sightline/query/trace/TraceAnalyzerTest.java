package dev.sightline.query.trace;

import static dev.sightline.query.trace.Spans.MS;
import static dev.sightline.query.trace.Spans.at;
import static dev.sightline.query.trace.Spans.id;
import static dev.sightline.query.trace.Spans.span;
import static dev.sightline.model.SpanKind.CLIENT;
import static dev.sightline.model.SpanKind.INTERNAL;
import static dev.sightline.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sightline.model.Span;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceAnalyzerTest {
  private final TraceAnalyzer analyzer = TraceAnalyzer.create();

  private static Map<String, Long> selfMs(TraceAnalysis a) {
    return a.selfTimes().stream().collect(Collectors.toMap(s -> s.spanId(), s -> s.selfNanos() / MS));
  }

  private static List<List<Object>> segments(TraceAnalysis a) {
    return a.criticalPathSegments().stream()
        .map(s -> List.<Object>of(s.spanId(), (s.startEpochNanos() - Spans.T0) / MS, s.durationNanos() / MS))
        .toList();
  }

  @Test
  void sequentialChildren() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", SERVER, "GET /checkout", 0, 100),
        span("2", "1", "frontend", INTERNAL, "load cart", 10, 40),
        span("3", "1", "frontend", INTERNAL, "price", 60, 90)));

    assertThat(selfMs(a)).containsExactlyInAnyOrderEntriesOf(Map.of(id("1"), 40L, id("2"), 30L, id("3"), 30L));
    assertThat(segments(a)).containsExactly(
        List.of(id("1"), 0L, 10L), List.of(id("2"), 10L, 30L), List.of(id("1"), 40L, 20L),
        List.of(id("3"), 60L, 30L), List.of(id("1"), 90L, 10L));
    assertThat(a.criticalPath()).extracting(CriticalPathEntry::spanId, e -> e.contributionNanos() / MS)
        .containsExactly(tuple(id("1"), 40L), tuple(id("2"), 30L), tuple(id("3"), 30L));
    assertThat(a.gaps()).singleElement().satisfies(g -> {
      assertThat(g.kind()).isEqualTo(GapKind.BETWEEN_CHILDREN);
      assertThat(g.spanId()).isEqualTo(id("1"));
      assertThat(g.startEpochNanos()).isEqualTo(at(40));
      assertThat(g.durationNanos()).isEqualTo(20 * MS);
      assertThat(g.criticalPathNanos()).isEqualTo(20 * MS);
      assertThat(g.description()).isEqualTo("frontend GET /checkout");
    });
    assertThat(a.totals().durationNanos()).isEqualTo(100 * MS);
    assertThat(a.totals().criticalPathGapNanos()).isEqualTo(20 * MS);
    assertThat(a.totals().syntheticRoot()).isFalse();
    assertThat(a.totals().rootSpanId()).isEqualTo(id("1"));
    // root: 40 on the path, 20 of it a gap → 20 self; children 30 each; the gap (20) ties root self and
    // loses to the 30 ms children, the first of which wins.
    assertThat(a.explanation().contributor()).isEqualTo(Explanation.Contributor.SELF_TIME);
    assertThat(a.explanation().text())
        .isEqualTo("30 ms of 100 ms (30%) is self time in frontend load cart: work in the span itself, outside any child span");
  }

  @Test
  void parallelChildrenOnlyTheLastFinishingIsOnThePath() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", SERVER, "GET /home", 0, 100),
        span("2", "1", "frontend", CLIENT, "GET /ads", 10, 60, "peer.service", "ads"),
        span("3", "1", "frontend", CLIENT, "GET /recommendations", 10, 90, "peer.service", "recs")));

    assertThat(selfMs(a)).containsEntry(id("1"), 20L).containsEntry(id("2"), 50L).containsEntry(id("3"), 80L);
    assertThat(segments(a)).containsExactly(
        List.of(id("1"), 0L, 10L), List.of(id("3"), 10L, 80L), List.of(id("1"), 90L, 10L));
    assertThat(a.gaps()).extracting(Gap::spanId, g -> g.durationNanos() / MS, g -> g.criticalPathNanos() / MS, Gap::peer)
        .containsExactly(tuple(id("3"), 80L, 80L, "recs"), tuple(id("2"), 50L, 0L, "ads"));
    assertThat(a.explanation().text()).isEqualTo("80 ms of 100 ms (80%) is a gap in frontend → recs GET /recommendations: "
        + GapKind.REMOTE_UNINSTRUMENTED.reason());
  }

  @Test
  void nestedSpans() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "api", SERVER, "POST /orders", 0, 100),
        span("2", "1", "api", INTERNAL, "handle", 10, 90),
        span("3", "2", "api", INTERNAL, "validate", 20, 80),
        span("4", "3", "api", INTERNAL, "schema", 30, 50)));

    assertThat(selfMs(a)).containsExactlyInAnyOrderEntriesOf(Map.of(id("1"), 20L, id("2"), 20L, id("3"), 40L, id("4"), 20L));
    assertThat(segments(a)).containsExactly(
        List.of(id("1"), 0L, 10L), List.of(id("2"), 10L, 10L), List.of(id("3"), 20L, 10L), List.of(id("4"), 30L, 20L),
        List.of(id("3"), 50L, 30L), List.of(id("2"), 80L, 10L), List.of(id("1"), 90L, 10L));
    assertThat(a.gaps()).isEmpty();
    assertThat(a.explanation().spanId()).isEqualTo(id("3"));
    assertThat(a.explanation().nanos()).isEqualTo(40 * MS);
    assertThat(a.explanation().fraction()).isEqualTo(0.4);
    assertThat(a.explanation().text()).startsWith("40 ms of 100 ms (40%) is self time in api validate");
  }

  @Test
  void gapBetweenClientAndRemoteServer() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", SERVER, "GET /cart", 0, 100),
        span("2", "1", "frontend", CLIENT, "GET /api/cart", 10, 90, "server.address", "cart.internal"),
        span("3", "2", "cart", SERVER, "GET /api/cart", 20, 75)));

    assertThat(a.skewCorrections()).isEmpty();
    assertThat(a.gaps()).extracting(Gap::kind, g -> (g.startEpochNanos() - Spans.T0) / MS, g -> g.durationNanos() / MS,
            Gap::peer, Gap::description)
        .containsExactly(
            tuple(GapKind.RESPONSE_IN_FLIGHT, 75L, 15L, "cart", "frontend → cart GET /api/cart"),
            tuple(GapKind.REQUEST_IN_FLIGHT, 10L, 10L, "cart", "frontend → cart GET /api/cart"));
    assertThat(selfMs(a)).containsEntry(id("2"), 25L).containsEntry(id("3"), 55L);
    assertThat(a.totals().criticalPathGapNanos()).isEqualTo(25 * MS);
    assertThat(a.explanation().text()).startsWith("55 ms of 100 ms (55%) is self time in cart GET /api/cart");
  }

  @Test
  void clientWithoutChildIsRemoteTimeAttributedToThePeer() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "shipping", SERVER, "POST /quote", 0, 9_600),
        span("2", "1", "shipping", CLIENT, "GET /rates", 300, 9_400, "peer.service", "third-party-api",
            "server.address", "rates.example.com")));

    assertThat(a.gaps()).singleElement().satisfies(g -> {
      assertThat(g.kind()).isEqualTo(GapKind.REMOTE_UNINSTRUMENTED);
      assertThat(g.durationNanos()).isEqualTo(9_100 * MS);
      assertThat(g.peer()).isEqualTo("third-party-api");
      assertThat(g.spanId()).isEqualTo(id("2"));
    });
    Explanation e = a.explanation();
    assertThat(e.text()).isEqualTo("9.1 s of 9.6 s (95%) is a gap in shipping → third-party-api GET /rates: "
        + "no span covers it (uninstrumented callee, network or remote queue)");
    assertThat(e.contributor()).isEqualTo(Explanation.Contributor.GAP);
    assertThat(e.gapKind()).isEqualTo(GapKind.REMOTE_UNINSTRUMENTED);
    assertThat(e.nanos()).isEqualTo(9_100 * MS);
    assertThat(e.totalNanos()).isEqualTo(9_600 * MS);
  }

  @Test
  void requestWaitingBeforeTheServerStartsIsExplainedAsSuch() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "orders", CLIENT, "POST /reserve", 0, 1_000),
        span("2", "1", "inventory", SERVER, "POST /reserve", 900, 950)));
    assertThat(a.skewCorrections()).isEmpty();
    assertThat(a.explanation().gapKind()).isEqualTo(GapKind.REQUEST_IN_FLIGHT);
    assertThat(a.explanation().text()).isEqualTo("900 ms of 1.0 s (90%) is a gap in orders → inventory POST /reserve: "
        + "no span covers it before the server span starts (network or remote queue)");
  }

  @Test
  void peerFallsBackToServerAddressThenNetPeerName() {
    TraceAnalysis byAddress = analyzer.analyze(List.of(
        span("1", null, "svc", CLIENT, "SELECT", 0, 10, "server.address", "db.internal", "net.peer.name", "old")));
    assertThat(byAddress.gaps().get(0).peer()).isEqualTo("db.internal");
    TraceAnalysis byOldName = analyzer.analyze(List.of(span("1", null, "svc", CLIENT, "SELECT", 0, 10, "net.peer.name", "old")));
    assertThat(byOldName.gaps().get(0).description()).isEqualTo("svc → old SELECT");
    TraceAnalysis unknown = analyzer.analyze(List.of(span("1", null, "svc", CLIENT, "SELECT", 0, 10)));
    assertThat(unknown.gaps().get(0).peer()).isNull();
    assertThat(unknown.gaps().get(0).description()).isEqualTo("svc → unknown peer SELECT");
  }

  @Test
  void serverStartingBeforeItsClientIsShiftedWithItsSubtree() {
    // cart's clock is 70 ms behind: its server span (60 ms) was recorded at -50..10 inside a client call at 10..90.
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", SERVER, "GET /cart", 0, 100),
        span("2", "1", "frontend", CLIENT, "GET /api/cart", 10, 90),
        span("3", "2", "cart", SERVER, "GET /api/cart", -50, 10),
        span("4", "3", "cart", CLIENT, "SELECT cart", -40, 0, "peer.service", "postgres")));

    assertThat(a.skewCorrections()).singleElement().isEqualTo(
        new SkewCorrection(id("3"), "cart", id("2"), "frontend", 70 * MS));
    assertThat(segments(a)).containsExactly(
        List.of(id("1"), 0L, 10L), List.of(id("2"), 10L, 10L), List.of(id("3"), 20L, 10L), List.of(id("4"), 30L, 40L),
        List.of(id("3"), 70L, 10L), List.of(id("2"), 80L, 10L), List.of(id("1"), 90L, 10L));
    assertThat(a.gaps()).extracting(Gap::spanId, Gap::kind, g -> (g.startEpochNanos() - Spans.T0) / MS)
        .contains(tuple(id("2"), GapKind.REQUEST_IN_FLIGHT, 10L), tuple(id("2"), GapKind.RESPONSE_IN_FLIGHT, 80L),
            tuple(id("4"), GapKind.REMOTE_UNINSTRUMENTED, 30L));
  }

  @Test
  void serverEndingAfterItsClientIsShiftedBack() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", CLIENT, "GET /x", 10, 90),
        span("2", "1", "backend", SERVER, "GET /x", 60, 120)));
    assertThat(a.skewCorrections()).extracting(SkewCorrection::service, SkewCorrection::offsetNanos)
        .containsExactly(tuple("backend", -40 * MS));
    assertThat(a.criticalPathSegments()).extracting(CriticalPathSegment::spanId, s -> (s.startEpochNanos() - Spans.T0) / MS)
        .containsExactly(tuple(id("1"), 10L), tuple(id("2"), 20L), tuple(id("1"), 80L));
  }

  @Test
  void serverLongerThanItsClientIsAlignedOnTheClientStart() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "frontend", CLIENT, "GET /x", 10, 50),
        span("2", "1", "backend", SERVER, "GET /x", 0, 60)));
    assertThat(a.skewCorrections()).extracting(SkewCorrection::offsetNanos).containsExactly(10 * MS);
    // The server still overruns the client; it is clipped for self time and the path.
    assertThat(selfMs(a)).containsEntry(id("1"), 0L).containsEntry(id("2"), 60L);
    assertThat(a.criticalPath()).extracting(CriticalPathEntry::spanId, e -> e.contributionNanos() / MS)
        .containsExactly(tuple(id("2"), 40L));
  }

  @Test
  void noSkewCorrectionWithinOneServiceOrWhenDisabled() {
    List<Span> sameService = List.of(
        span("1", null, "svc", CLIENT, "call self", 10, 50),
        span("2", "1", "svc", SERVER, "handle", 0, 30));
    assertThat(analyzer.analyze(sameService).skewCorrections()).isEmpty();
    List<Span> skewed = List.of(
        span("1", null, "a", CLIENT, "call", 10, 50),
        span("2", "1", "b", SERVER, "handle", 0, 30));
    assertThat(TraceAnalyzer.builder().correctClockSkew(false).build().analyze(skewed).skewCorrections()).isEmpty();
    assertThat(analyzer.analyze(skewed).skewCorrections()).hasSize(1);
  }

  @Test
  void missingRootIsSynthesisedAndOrphansReported() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("a", "f00d", "worker", SERVER, "step 1", 0, 50),
        span("b", "f00d", "worker", SERVER, "step 2", 60, 100)));

    assertThat(a.totals().syntheticRoot()).isTrue();
    assertThat(a.totals().rootSpanId()).isEqualTo(SpanTree.SYNTHETIC_ROOT_ID);
    assertThat(a.totals().orphanCount()).isEqualTo(2);
    assertThat(a.orphanSpanIds()).containsExactly(id("a"), id("b"));
    assertThat(a.totals().durationNanos()).isEqualTo(100 * MS);
    assertThat(a.gaps()).singleElement().satisfies(g -> {
      assertThat(g.kind()).isEqualTo(GapKind.MISSING_SPANS);
      assertThat(g.spanId()).isEqualTo(SpanTree.SYNTHETIC_ROOT_ID);
      assertThat(g.durationNanos()).isEqualTo(10 * MS);
      assertThat(g.description()).isEqualTo("the missing root span");
    });
    assertThat(segments(a)).containsExactly(
        List.of(id("a"), 0L, 50L), List.of(SpanTree.SYNTHETIC_ROOT_ID, 50L, 10L), List.of(id("b"), 60L, 40L));
    assertThat(a.selfTimes()).extracting(SelfTime::spanId).doesNotContain(SpanTree.SYNTHETIC_ROOT_ID);
    assertThat(a.explanation().text()).startsWith("50 ms of 100 ms (50%) is self time in worker step 1");
  }

  @Test
  void singleSpan() {
    TraceAnalysis a = analyzer.analyze(List.of(span("1", null, "cron", INTERNAL, "nightly", 0, 10)));
    assertThat(a.totals().spanCount()).isEqualTo(1);
    assertThat(a.totals().serviceCount()).isEqualTo(1);
    assertThat(selfMs(a)).containsExactly(Map.entry(id("1"), 10L));
    assertThat(segments(a)).containsExactly(List.of(id("1"), 0L, 10L));
    assertThat(a.gaps()).isEmpty();
    assertThat(a.explanation().text())
        .isEqualTo("10 ms of 10 ms (100%) is self time in cron nightly: work in the span itself, outside any child span");
  }

  @Test
  void zeroDurationTraceHasNothingToExplain() {
    TraceAnalysis a = analyzer.analyze(List.of(span("1", null, "svc", INTERNAL, "instant", 5, 5)));
    assertThat(a.explanation().contributor()).isEqualTo(Explanation.Contributor.NONE);
    assertThat(a.criticalPathSegments()).isEmpty();
  }

  @Test
  void childOverrunningItsParentInTheSameServiceIsClippedNotShifted() {
    TraceAnalysis a = analyzer.analyze(List.of(
        span("1", null, "svc", SERVER, "enqueue", 0, 50),
        span("2", "1", "svc", INTERNAL, "async work", 40, 200)));
    assertThat(a.skewCorrections()).isEmpty();
    assertThat(selfMs(a)).containsEntry(id("1"), 40L).containsEntry(id("2"), 160L);
    assertThat(segments(a)).containsExactly(List.of(id("1"), 0L, 40L), List.of(id("2"), 40L, 10L));
  }

  @Test
  void gapsBelowTheThresholdAreNotReported() {
    List<Span> trace = List.of(
        span("1", null, "svc", SERVER, "op", 0, 100),
        span("2", "1", "svc", INTERNAL, "a", 0, 50),
        span("3", "1", "svc", INTERNAL, "b", 55, 100));
    assertThat(analyzer.analyze(trace).gaps()).hasSize(1);
    assertThat(TraceAnalyzer.builder().minGapNanos(6 * MS).build().analyze(trace).gaps()).isEmpty();
    assertThatThrownBy(() -> TraceAnalyzer.builder().minGapNanos(-1)).hasMessageContaining("minGapNanos");
  }

  @Test
  void badInputIsRejectedOrRepaired() {
    assertThatThrownBy(() -> analyzer.analyze(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a trace needs at least one span, got none");
    Span other = span("9", null, "x", SERVER, "y", 0, 1).toBuilder().traceId("0af7651916cd43dd8448eb211c80319c").build();
    assertThatThrownBy(() -> analyzer.analyze(List.of(span("1", null, "x", SERVER, "y", 0, 1), other)))
        .hasMessageContaining("more than one trace").hasMessageContaining("0af7651916cd43dd8448eb211c80319c");

    // A parent cycle and a self-parented span: nothing is lost, the loops are cut at their earliest span.
    TraceAnalysis cycle = analyzer.analyze(List.of(
        span("1", null, "svc", SERVER, "root", 0, 100),
        span("2", "3", "svc", INTERNAL, "loop a", 10, 20),
        span("3", "2", "svc", INTERNAL, "loop b", 12, 18),
        span("4", "4", "svc", INTERNAL, "self", 30, 40)));
    assertThat(cycle.totals().syntheticRoot()).isTrue();
    assertThat(cycle.orphanSpanIds()).containsExactlyInAnyOrder(id("2"), id("4"));
    assertThat(cycle.selfTimes()).hasSize(4);
    assertThat(selfMs(cycle)).containsEntry(id("2"), 4L);

    // Duplicate ids: the first wins, the rest are counted.
    TraceAnalysis dup = analyzer.analyze(List.of(
        span("1", null, "svc", SERVER, "root", 0, 10), span("1", null, "svc", SERVER, "again", 0, 20)));
    assertThat(dup.totals().duplicateSpanCount()).isEqualTo(1);
    assertThat(dup.totals().durationNanos()).isEqualTo(10 * MS);

    // End before start: lasts zero rather than negative.
    TraceAnalysis backwards = analyzer.analyze(List.of(span("1", null, "svc", SERVER, "root", 10, 0)));
    assertThat(backwards.totals().durationNanos()).isZero();
  }
}
