package dev.sightline.ingest.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.model.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdjsonLogDecoderTest {
  static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  /** 2026-11-23T19:58:01.123Z */
  static final long T = 1795463881123L * 1_000_000L;
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";

  final NdjsonLogDecoder decoder = NdjsonLogDecoder.create(IngestLimits.defaults(), CLOCK);

  DecodeResult<LogRecord> decode(String body) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pythonJsonLogger() {
    LogRecord r = one("""
        {"asctime": "2026-11-23 19:58:01,123", "levelname": "ERROR", "name": "checkout.payment", \
        "message": "card declined", "otelTraceID": "%s", "otelSpanID": "%s", "otelServiceName": "checkout", \
        "exc_info": "Traceback (most recent call last):\\n  ..."}""".formatted(TRACE, SPAN));
    assertThat(r.epochNanos()).isEqualTo(T);
    assertThat(r.observedEpochNanos()).isEqualTo(NOW_NANOS);
    assertThat(r.severityNumber()).isEqualTo(17);
    assertThat(r.severityText()).isEqualTo("ERROR");
    assertThat(r.body()).isEqualTo("card declined");
    assertThat(r.serviceName()).isEqualTo("checkout");
    assertThat(r.traceId()).isEqualTo(TRACE);
    assertThat(r.spanId()).isEqualTo(SPAN);
    assertThat(r.attributes().asMap()).containsExactly(Map.entry("name", "checkout.payment"),
        Map.entry("exc_info", "Traceback (most recent call last):\n  ..."));
  }

  @Test
  void logstashLogbackEncoder() {
    LogRecord r = one("""
        {"@timestamp":"2026-11-23T20:58:01.123+01:00","@version":"1","message":"Order placed",\
        "logger_name":"dev.shop.Orders","thread_name":"http-nio-8080-exec-1","level":"INFO","level_value":20000,\
        "trace_id":"%s","span_id":"%s","trace_flags":"01","service":"orders"}""".formatted(TRACE, SPAN));
    assertThat(r.epochNanos()).isEqualTo(T);
    assertThat(r.severityNumber()).isEqualTo(9);
    assertThat(r.severityText()).isEqualTo("INFO");
    assertThat(r.body()).isEqualTo("Order placed");
    assertThat(r.serviceName()).isEqualTo("orders");
    assertThat(r.traceId()).isEqualTo(TRACE);
    assertThat(r.attributes().get("level_value")).isEqualTo(20000L);
    assertThat(r.attributes().get("@version")).isEqualTo("1");
    assertThat(r.attributes().get("trace_flags")).isEqualTo("01");
  }

  @Test
  void pinoWithNumericLevelAndEpochMillis() {
    LogRecord r = one("""
        {"level":40,"time":1795463881123,"pid":4242,"hostname":"web-1","msg":"slow request",\
        "req":{"id":1,"method":"GET","url":"/cart","headers":{"host":"shop"}},"res":{"statusCode":200},\
        "responseTime":12.5,"tags":["a","b"],"items":[{"sku":1}],"nothing":null}""");
    assertThat(r.epochNanos()).isEqualTo(T);
    assertThat(r.severityNumber()).isEqualTo(13);
    assertThat(r.severityText()).isEqualTo("warn");
    assertThat(r.body()).isEqualTo("slow request");
    assertThat(r.attributes().asMap()).containsExactly(
        Map.entry("pid", 4242L), Map.entry("hostname", "web-1"),
        Map.entry("req.id", 1L), Map.entry("req.method", "GET"), Map.entry("req.url", "/cart"),
        Map.entry("req.headers.host", "shop"), Map.entry("res.statusCode", 200L),
        Map.entry("responseTime", 12.5), Map.entry("tags", List.of("a", "b")),
        Map.entry("items", "[{\"sku\":1}]"));
  }

  @Test
  void zapWithFloatSecondsAndDatadogIds() {
    LogRecord r = one("""
        {"level":"warn","ts":1795463881.123,"caller":"cart/cart.go:42","msg":"slow query",\
        "dd":{"trace_id":"12345678901234567890","span_id":1234567890123456789},"service.name":"cart"}""");
    assertThat(r.epochNanos()).isEqualTo(T);
    assertThat(r.severityNumber()).isEqualTo(13);
    assertThat(r.serviceName()).isEqualTo("cart");
    assertThat(r.traceId()).isEqualTo("0000000000000000ab54a98ceb1f0ad2");
    assertThat(r.spanId()).isEqualTo("112210f47de98115");
    assertThat(r.attributes().asMap()).containsOnlyKeys("caller");
  }

  @Test
  void otherTimeSpellingsAndMissingTime() {
    assertThat(one("{\"timestamp\":\"2026-11-23T19:58:01.123Z\"}").epochNanos()).isEqualTo(T);
    assertThat(one("{\"time\":\"2026-11-23T19:58:01.123456789Z\"}").epochNanos()).isEqualTo(T + 456789);
    assertThat(one("{\"ts\":\"1795463881123000000\"}").epochNanos()).isEqualTo(T);
    assertThat(one("{\"ts\":1795463881123000}").epochNanos()).isEqualTo(T);
    assertThat(one("{\"time\":\"2026-11-23T19:58:01.123\"}").epochNanos()).isEqualTo(T);
    LogRecord noTime = one("{\"msg\":\"hi\",\"severity\":\"warning\"}");
    assertThat(noTime.epochNanos()).isEqualTo(NOW_NANOS);
    assertThat(noTime.severityNumber()).isEqualTo(13);
    assertThat(noTime.resource().serviceName()).isEqualTo("unknown_service");
  }

  @Test
  void invalidIdsStayAttributes() {
    LogRecord r = one("{\"trace_id\":\"00000000000000000000000000000000\",\"span_id\":\"xyz\"}");
    assertThat(r.traceId()).isEmpty();
    assertThat(r.spanId()).isEmpty();
    assertThat(r.attributes().get("trace_id")).isEqualTo("00000000000000000000000000000000");
    assertThat(r.attributes().get("span_id")).isEqualTo("xyz");
  }

  @Test
  void badLinesAreReportedByNumberAndGoodLinesKept() {
    String body = String.join("\n",
        "{\"msg\":\"one\"}",
        "{\"msg\":\"two\"",
        "",
        "[1,2]",
        "plain text line",
        "{\"msg\":\"five\",\"time\":\"yesterday\"}",
        "{\"msg\":\"six\",\"time\":946684799}",
        "{\"msg\":\"seven\",\"time\":1900000000}",
        "{\"msg\":\"eight\"}\r",
        "\"just a string\"",
        "{\"msg\":\"ten\"} {\"msg\":\"again\"}",
        "{\"msg\":\"eleven\"}");
    DecodeResult<LogRecord> r = decode(body + "\n");
    assertThat(r.accepted()).extracting(LogRecord::body).containsExactly("one", "eight", "eleven");
    assertThat(r.rejected()).isEqualTo(8);
    assertThat(r.errorMessage())
        .startsWith("8 log records rejected: line 2: invalid JSON at column 13: Unexpected end-of-input: expected close marker for Object (started at line 1, column 1); ")
        .contains("line 4: expected a JSON object, got array")
        .contains("line 5: invalid JSON at column 1: Unrecognized token 'plain'")
        .contains("line 6: field 'time': cannot read 'yesterday' as an RFC 3339 time or epoch number")
        .contains("line 7: field 'time': too far in the past")
        .contains("line 8: field 'time': too far in the future")
        .contains("line 10: expected a JSON object, got string")
        .contains("line 11: invalid JSON at column 15: Trailing token (of type START_OBJECT) found after value")
        .doesNotContain("REDACTED");
  }

  @Test
  void invalidUtf8RejectsTheLine() {
    byte[] bad = "{\"msg\":\"ok\"}\n{\"msg\":\"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    DecodeResult<LogRecord> r = decoder.decode(bad);
    assertThat(r.accepted()).hasSize(1);
    assertThat(r.errorMessage()).contains("line 2: invalid JSON").contains("UTF-8");
  }

  @Test
  void limitsOnLinesDepthStringsAndFields() {
    IngestLimits small = IngestLimits.builder().maxLineBytes(300).maxAttributesPerLogRecord(5)
        .maxLogBodyLength(10).build();
    NdjsonLogDecoder d = NdjsonLogDecoder.create(small, CLOCK);
    StringBuilder many = new StringBuilder("{\"msg\":\"" + "m".repeat(30) + "\"");
    for (int i = 0; i < 8; i++) {
      many.append(",\"f").append(i).append("\":").append(i);
    }
    many.append('}');
    String body = "{\"msg\":\"" + "x".repeat(400) + "\"}\n" + many + "\n"
        + "{\"a\":" + "{\"b\":".repeat(30) + "1" + "}".repeat(31) + "\n";
    DecodeResult<LogRecord> r = d.decode(body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.errorMessage()).contains("line 1: line is 410 bytes, longer than maxLineBytes = 300");
    assertThat(r.accepted()).hasSize(2);
    LogRecord capped = r.accepted().get(0);
    assertThat(capped.body()).isEqualTo("m".repeat(10));
    assertThat(capped.attributes().size()).isEqualTo(5);
    assertThat(r.droppedAttributes()).isEqualTo(3);
    assertThat(r.truncatedValues()).isEqualTo(1);
    assertThat(r.accepted().get(1).attributes().asMap()).containsOnlyKeys("a" + ".b".repeat(30));

    String deep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}\n{\"msg\":\"fine\"}";
    DecodeResult<LogRecord> deepResult = decode(deep);
    assertThat(deepResult.errorMessage()).contains("line 1:").contains("nesting depth");
    assertThat(deepResult.accepted()).extracting(LogRecord::body).containsExactly("fine");
  }

  @Test
  void emptyBodyIsNothing() {
    assertThat(decode("").accepted()).isEmpty();
    assertThat(decode("\n\n  \n").rejected()).isZero();
  }

  LogRecord one(String line) {
    DecodeResult<LogRecord> r = decode(line);
    assertThat(r.errorMessage()).isEmpty();
    assertThat(r.accepted()).hasSize(1);
    return r.accepted().get(0);
  }
}
