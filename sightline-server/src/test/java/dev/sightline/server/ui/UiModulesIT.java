package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.SightlineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The UI's pure modules (trace model, formatting, time range) run in the browser that ships them, fed
 * hostile traces: parent cycles, duplicate ids, orphans, a 10,000-deep chain, garbage numbers.
 */
@Tag("browser")
class UiModulesIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void open() {
    browser.open(sightline.httpUri("/health"));
    browser.await(By.cssSelector("main h1"));
  }

  /** Runs `body` (an async function body given the module `m`) and returns its JSON result. */
  private static JsonNode run(String module, String body) throws Exception {
    Object out = browser.driver().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import(arguments[0]).then(async m => { %s })
          .then(r => done(JSON.stringify(r)), e => done(JSON.stringify({thrown: String(e && e.stack || e)})));
        """.formatted(body), module);
    JsonNode n = UiSeed.JSON.readTree((String) out);
    assertThat(n.has("thrown")).as(String.valueOf(n.get("thrown"))).isFalse();
    return n;
  }

  private static String span(String id, String parent, long startNanos, long durationNanos) {
    return "{spanId: '%s', parentSpanId: %s, service: 's', name: '%s', startTimeUnixNano: '%d', durationNanos: %d}"
        .formatted(id, parent == null ? "null" : "'" + parent + "'", id, 1_700_000_000_000_000_000L + startNanos,
            durationNanos);
  }

  @Test
  void parentCyclesDuplicatesAndOrphansKeepEverySpanOnce() throws Exception {
    JsonNode r = run("/ui/js/tracemodel.js", """
        const model = m.buildModel({spans: [%s, %s, %s, %s, %s]}, null);
        return {ids: model.nodes.map(n => n.span.spanId), roots: model.roots.length};
        """.formatted(span("a", "b", 10, 5), span("b", "a", 20, 5), span("c", null, 0, 100),
        span("c", null, 50, 1), span("d", "missing", 30, 5)));
    assertThat(r.get("ids").toString()).isEqualTo("[\"c\",\"a\",\"b\",\"d\"]");
    assertThat(r.get("roots").asInt()).isEqualTo(3);
  }

  @Test
  void aTenThousandDeepChainNeitherOverflowsNorLosesSpans() throws Exception {
    JsonNode r = run("/ui/js/tracemodel.js", """
        const spans = [];
        for (let i = 0; i < 10000; i++) spans.push({spanId: 's' + i, parentSpanId: i ? 's' + (i - 1) : '',
          service: 'x', name: 'n', startTimeUnixNano: String(1700000000000000000n + BigInt(i)), durationNanos: 10000 - i});
        const model = m.buildModel({spans}, null);
        const collapsed = new Set(['s5000']);
        return {count: model.nodes.length, depth: model.nodes[9999].depth, visible: m.visibleRows(model, collapsed).length,
          descendants: model.nodes[0].descendants};
        """);
    assertThat(r.get("count").asInt()).isEqualTo(10_000);
    assertThat(r.get("depth").asInt()).isEqualTo(9_999);
    assertThat(r.get("descendants").asInt()).isEqualTo(9_999);
    assertThat(r.get("visible").asInt()).isEqualTo(5_001);
  }

  @Test
  void skewCorrectionsShiftTheServerSubtreeAndAnalysisLandsOnItsSpans() throws Exception {
    // The server's clock runs 80 ms behind: its span starts before the client's; the analysis shifts it by 75 ms.
    JsonNode r = run("/ui/js/tracemodel.js", """
        const t = {spans: [%s, %s, %s]};
        const base = 1700000000000000000;
        const model = m.buildModel(t, {skewCorrections: [{spanId: 'server', offsetNanos: 75000000}],
          gaps: [{spanId: 'client', startEpochNanos: base + 90000000, durationNanos: 10000000}],
          criticalPathSegments: [{spanId: 'server', startEpochNanos: base + 5000000, durationNanos: 90000000}],
          selfTimes: [{spanId: 'child', selfNanos: 20000000}]});
        const by = id => model.byId.get(id);
        return {server: by('server').start, child: by('child').start, total: model.total,
          gap: by('client').gaps[0].start, cp: by('server').critical[0].start, self: by('child').selfNanos};
        """.formatted(span("client", null, 0, 100_000_000), span("server", "client", -70_000_000, 90_000_000),
        span("child", "server", -60_000_000, 20_000_000)));
    assertThat(r.get("server").asLong()).isEqualTo(5_000_000);
    assertThat(r.get("child").asLong()).isEqualTo(15_000_000);
    assertThat(r.get("total").asLong()).isEqualTo(100_000_000);
    // The analysis' epoch nanoseconds pass through JSON numbers (doubles): exact to ~256 ns, plenty to draw.
    assertThat(r.get("gap").asLong()).isCloseTo(90_000_000L, org.assertj.core.data.Offset.offset(1_000L));
    assertThat(r.get("cp").asLong()).isCloseTo(5_000_000L, org.assertj.core.data.Offset.offset(1_000L));
    assertThat(r.get("self").asLong()).isEqualTo(20_000_000);
  }

  @Test
  void garbageNumbersAndEmptyTracesDoNotThrow() throws Exception {
    JsonNode r = run("/ui/js/tracemodel.js", """
        const empty = m.buildModel({}, null);
        const bad = m.buildModel({spans: [{spanId: 'x', startTimeUnixNano: 'soon', durationNanos: 'long'},
          {spanId: 'y', parentSpanId: 'x'}]}, {gaps: [{spanId: 'nope'}], criticalPathSegments: null});
        return {empty: empty.nodes.length, emptyTotal: empty.total, bad: bad.nodes.length, badTotal: bad.total};
        """);
    assertThat(r.get("empty").asInt()).isZero();
    assertThat(r.get("emptyTotal").asLong()).isZero();
    assertThat(r.get("bad").asInt()).isEqualTo(2);
    assertThat(r.get("badTotal").asLong()).isZero();
  }

  @Test
  void durationsAreForPeopleAndColoursAreStable() throws Exception {
    JsonNode r = run("/ui/js/format.js", """
        return [850, 12300, 4560000, 9120000000, 125e9, 7322e9, 'x', -2500000].map(m.formatDuration)
          .concat([m.serviceColor('checkout') === m.serviceColor('checkout'), m.serviceColor('')]);
        """);
    assertThat(r.toString()).startsWith(
        "[\"850 ns\",\"12.3 µs\",\"4.56 ms\",\"9.12 s\",\"2m 05s\",\"2h 02m\",\"–\",\"-2.50 ms\",true,\"#");
  }

  @Test
  void timeRangeReadsRelativeAbsoluteAndBogusUrls() throws Exception {
    JsonNode r = run("/ui/js/timerange.js", """
        const now = 1700000000000;
        return [m.readRange('?range=6h', now), m.readRange('?start=1000&end=2000&range=6h', now),
          m.readRange('?range=bogus', now), m.readRange('?start=2026-11-23T10:00:00Z', now)];
        """);
    assertThat(r.get(0).get("start").asLong()).isEqualTo(1_700_000_000_000L - 6 * 3_600_000L);
    assertThat(r.get(0).get("key").asText()).isEqualTo("6h");
    assertThat(r.get(1).get("start").asLong()).isEqualTo(1000);
    assertThat(r.get(1).get("end").asLong()).isEqualTo(2000);
    assertThat(r.get(2).get("key").asText()).isEqualTo("1h");
    assertThat(r.get(3).get("start").asLong()).isEqualTo(1_795_428_000_000L);
    assertThat(r.get(3).get("end").asLong()).isEqualTo(1_700_000_000_000L);
  }
}
