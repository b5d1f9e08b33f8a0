package dev.sightline.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.RandomSpans;
import dev.sightline.store.filter.Rows;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A record's lookup hashes are collected straight from the event, without building its row. Skipping a
 * record is only safe if they cover every lookup value the row ({@link Rows}) shows a filter, so each
 * test compares them with the hashes of the row's values, on random events.
 */
class LookupValuesTest {
  private static final int EVENTS = 3_000;

  @Test
  void aSpansHashesCoverEveryLookupValueOfItsRowAndNothingTwice() {
    RandomSpans random = new RandomSpans(20261124L);
    for (int i = 0; i < EVENTS; i++) {
      Resource resource = new Resource(Attributes.builder().putAll(random.resource().attributes())
          .put("host.name", "host-" + random.text(12)).build());
      Span span = random.span(random.traceId(), resource);
      if (random.nextInt(4) == 0) { // attributes that clash with the row's well-known fields, or repeat them
        span = span.toBuilder().attributes(span.attributes().toBuilder()
            .put("trace_id", random.nextBoolean() ? span.traceId() : random.traceId()).put("service.name", "other-" + random.text(10))
            .put("name", List.of(random.spanId(), random.text(12))).build()).build();
      }
      check(span, rowHashes(Rows.of(span)), LookupValues::collect);
    }
  }

  @Test
  void aLogRecordsHashesCoverEveryLookupValueOfItsRowAndNothingTwice() {
    RandomSpans random = new RandomSpans(424242L);
    String[] severities = {"", "info", "  critical1  ", "Emergency!", null};
    for (int i = 0; i < EVENTS; i++) {
      LogRecord log = LogRecord.builder()
          .epochNanos(1_700_000_000_000_000_000L + i)
          .severityNumber(random.nextInt(25))
          .severityText(severities[random.nextInt(severities.length)])
          .body(random.nextBoolean() ? random.text(30) : "order-" + random.spanId())
          .attributes(random.attributes(6, 0))
          .resource(random.resource())
          .traceId(random.nextBoolean() ? "" : random.traceId())
          .spanId(random.nextBoolean() ? "" : random.spanId())
          .build();
      check(log, rowHashes(Rows.of(log)), LookupValues::collect);
    }
  }

  @Test
  void aBatchSharingResourcesHashesEachSpanAsIfAlone() {
    RandomSpans random = new RandomSpans(99L);
    List<Resource> resources = List.of(random.resource(), random.resource(), Resource.ofService("payments-api"));
    LookupValues.ResourceHashes memo = new LookupValues.ResourceHashes();
    LongList batch = new LongList(64);
    for (int i = 0; i < 500; i++) { // runs of one resource, then another, and back again
      Span span = random.span(random.traceId(), resources.get(i / 3 % resources.size()));
      LongList alone = new LongList(8);
      LookupValues.collect(span, alone);
      int from = batch.size();
      LookupValues.collect(span, batch, memo);
      assertThat(toList(batch, from)).as("span %d", i).isEqualTo(toList(alone, 0));
    }
  }

  @Test
  void onlyLookupValuesAreHashed() {
    Span span = new RandomSpans(7).span("0af7651916cd43dd8448eb211c80319c", Resource.ofService("checkout"))
        .toBuilder().name("GET /cart").attributes(Attributes.of("user.email", "ana@example.com",
            "http.route", "/api/cart/{id}", "note", "two words here", "n", 12345678L,
            "wide", "em\u2003space-inside", "accents", "\u00e9t\u00e9-2026-11-24")).build();
    LongList out = new LongList(8);
    LookupValues.collect(span, out);
    Set<Long> hashes = toSet(out, 0);
    assertThat(hashes).contains(LookupValues.hash("ana@example.com"), LookupValues.hash("/api/cart/{id}"),
        LookupValues.hash("0af7651916cd43dd8448eb211c80319c"), LookupValues.hash("checkout"),
        LookupValues.hash("\u00e9t\u00e9-2026-11-24"))
        .doesNotContain(LookupValues.hash("GET /cart"), LookupValues.hash("two words here"),
            LookupValues.hash("12345678"), LookupValues.hash("em\u2003space-inside"));
  }

  private interface Collector<T> {
    void collect(T event, LongList out);
  }

  private static <T> void check(T event, Set<Long> fromRow, Collector<T> collector) {
    LongList out = new LongList(4);
    out.add(42); // what the list held before is kept and not taken for a repeat
    collector.collect(event, out);
    assertThat(out.get(0)).isEqualTo(42);
    Set<Long> direct = toSet(out, 1);
    assertThat(direct).as("hashes of %s", event).containsAll(fromRow);
    assertThat(direct).as("no repeats for %s", event).hasSize(out.size() - 1);
  }

  private static List<Long> toList(LongList list, int from) {
    List<Long> out = new java.util.ArrayList<>();
    for (int i = from; i < list.size(); i++) {
      out.add(list.get(i));
    }
    return out;
  }

  private static Set<Long> toSet(LongList list, int from) {
    Set<Long> out = new HashSet<>();
    for (int i = from; i < list.size(); i++) {
      out.add(list.get(i));
    }
    return out;
  }

  /** The reference: every lookup value of the row, scalars and list elements, whatever its field. */
  private static Set<Long> rowHashes(Map<String, Object> row) {
    Set<Long> out = new HashSet<>();
    for (Object v : row.values()) {
      if (v instanceof String s && LookupValues.isLookup(s)) {
        out.add(LookupValues.hash(s));
      } else if (v instanceof Collection<?> c) {
        for (Object e : c) {
          if (e instanceof String s && LookupValues.isLookup(s)) {
            out.add(LookupValues.hash(s));
          }
        }
      }
    }
    return out;
  }
}
