package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.logs.ElasticBulkDecoder;
import dev.sightline.ingest.logs.ElasticBulkResult;
import dev.sightline.ingest.logs.NdjsonLogDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.query.lang.QueryPlanner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogGeneratorTest {
  private static final long BASE_MS = 1_795_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(BASE_MS + 3_600_000), ZoneOffset.UTC);

  private static List<String> lines(long seed, int n) {
    LogGenerator g = LogGenerator.of(seed, BASE_MS);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(g.next());
    }
    return out;
  }

  @Test
  void sameSeedSameLinesAndTimeNeverGoesBack() {
    List<String> a = lines(7, 5000);
    assertThat(lines(7, 5000)).isEqualTo(a);
    assertThat(lines(8, 5000)).isNotEqualTo(a);
    String previous = "";
    for (String line : a) {
      String ts = line.substring(14, line.indexOf('"', 14));
      // ISO-8601 instants of the same length order as strings; pad the optional fraction to compare
      String padded = ts.length() == 20 ? ts.replace("Z", ".000Z") : ts;
      assertThat(padded).isGreaterThanOrEqualTo(previous);
      previous = padded;
    }
  }

  @Test
  void everyLineDecodesWithSightlinesNdjsonDecoderWithTheWellKnownFieldsLifted() {
    List<String> lines = lines(42, 4000);
    DecodeResult<LogRecord> r = NdjsonLogDecoder.create(IngestLimits.defaults(), CLOCK)
        .decode(LogBatches.ndjsonBody(lines));
    assertThat(r.rejected()).isZero();
    assertThat(r.accepted()).hasSize(lines.size());
    Map<String, Integer> linesPerTrace = new HashMap<>();
    Set<String> services = new HashSet<>();
    int errors = 0;
    for (LogRecord rec : r.accepted()) {
      assertThat(rec.traceId()).hasSize(32);
      assertThat(rec.spanId()).hasSize(16);
      assertThat(rec.epochNanos()).isGreaterThanOrEqualTo(BASE_MS * 1_000_000);
      assertThat(rec.severityText()).isIn(LogGenerator.LEVELS);
      assertThat(rec.body()).isNotEmpty();
      assertThat(rec.attributes().get("timestamp")).isNull();
      assertThat(rec.attributes().get("request_id")).isNotNull();
      services.add(rec.serviceName());
      linesPerTrace.merge(rec.traceId(), 1, Integer::sum);
      if (rec.severityText().equals("ERROR") && rec.attributes().get("exception") != null) {
        errors++;
      }
    }
    assertThat(services).containsExactlyInAnyOrderElementsOf(LogGenerator.SERVICES);
    double perTrace = (double) lines.size() / linesPerTrace.size();
    assertThat(perTrace).as("several lines per trace, across services").isBetween(4.0, 12.0);
    assertThat(errors).isPositive();
  }

  @Test
  void theBulkBodyDecodesToTheSameRecords() {
    List<String> lines = lines(3, 1000);
    ElasticBulkResult bulk = ElasticBulkDecoder.create(IngestLimits.defaults(), CLOCK)
        .decode(LogBatches.bulkBody(lines), "logs");
    DecodeResult<LogRecord> ndjson = NdjsonLogDecoder.create(IngestLimits.defaults(), CLOCK)
        .decode(LogBatches.ndjsonBody(lines));
    assertThat(bulk.errors()).isFalse();
    assertThat(bulk.records()).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      LogRecord a = bulk.records().get(i);
      LogRecord b = ndjson.accepted().get(i);
      assertThat(a.traceId()).isEqualTo(b.traceId());
      assertThat(a.epochNanos()).isEqualTo(b.epochNanos());
      assertThat(a.body()).isEqualTo(b.body());
      assertThat(a.serviceName()).isEqualTo(b.serviceName());
    }
  }

  @Test
  void bulkOutcomeCountsAcknowledgedRetriableAndRefusedItems() throws Exception {
    ObjectMapper json = new ObjectMapper();
    LogBatches.BulkOutcome clean = LogBatches.bulkOutcome(json.readTree(
        "{\"errors\":false,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":201}}]}"), 2);
    assertThat(clean.acked()).isEqualTo(2);
    LogBatches.BulkOutcome mixed = LogBatches.bulkOutcome(json.readTree("{\"errors\":true,\"items\":["
        + "{\"index\":{\"status\":201}},{\"index\":{\"status\":429}},{\"index\":{\"status\":400,\"error\":"
        + "{\"type\":\"mapper_parsing_exception\"}}}]}"), 3);
    assertThat(mixed.acked()).isEqualTo(1);
    assertThat(mixed.retry()).containsExactly(1);
    assertThat(mixed.refused()).isEqualTo(1);
    assertThat(mixed.firstError()).contains("mapper_parsing_exception");
  }

  @Test
  void everySightlineQueryOfTheSetParses() throws Exception {
    LogQuerySet set = new LogQuerySet(List.of("0123456789abcdef0123456789abcdef"));
    QueryPlanner planner = QueryPlanner.defaults();
    for (LogQuerySet.Kind k : LogQuerySet.Kind.values()) {
      for (int i = 0; i < 16; i++) {
        planner.plan(set.sightline(k, i, false));
        planner.plan(set.sightline(k, i, true));
        new ObjectMapper().readTree(set.openSearch(k, i, false));
        new ObjectMapper().readTree(set.openSearch(k, i, true));
      }
    }
    assertThat(set.ripgrep(LogQuerySet.Kind.COUNT, 0, Path.of("/tmp/x y")))
        .isEqualTo("rg -c -F '\"level\":\"WARN\",\"service\":\"frontend\"' '/tmp/x y'");
  }
}
