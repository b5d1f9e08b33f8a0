package dev.sightline.ingest.logs;

import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.CLOCK;
import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LokiPushDecoderTest {
  final LokiPushDecoder decoder = LokiPushDecoder.create(IngestLimits.defaults(), CLOCK);

  DecodeResult<LogRecord> decode(String body) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  /** As Grafana Alloy / Promtail / the Loki docs' curl example send it with Content-Type application/json. */
  @Test
  void plainAndJsonLinesWithLabelsAndStructuredMetadata() {
    DecodeResult<LogRecord> r = decode("""
        {"streams":[
          {"stream":{"job":"varlogs","service_name":"checkout","level":"error","env":"prod"},
           "values":[["%d","payment failed for order 42"],
                     ["%d","retrying",{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}]]},
          {"stream":{"app":"cart"},
           "values":[["%d","{\\"level\\":\\"warn\\",\\"msg\\":\\"slow query\\",\\"db\\":{\\"rows\\":1200},\\"time\\":\\"2020-01-01T00:00:00Z\\"}",
                      {"pod":"cart-1"}]]}]}
        """.formatted(T, T + 1, T + 2));
    assertThat(r.errorMessage()).isEmpty();
    assertThat(r.accepted()).hasSize(3);

    LogRecord plain = r.accepted().get(0);
    assertThat(plain.epochNanos()).isEqualTo(T);
    assertThat(plain.body()).isEqualTo("payment failed for order 42");
    assertThat(plain.serviceName()).isEqualTo("checkout");
    assertThat(plain.severityNumber()).isEqualTo(17);
    assertThat(plain.attributes().asMap()).containsExactly(Map.entry("job", "varlogs"), Map.entry("env", "prod"));

    LogRecord withMeta = r.accepted().get(1);
    assertThat(withMeta.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(withMeta.body()).isEqualTo("retrying");

    LogRecord json = r.accepted().get(2);
    assertThat(json.epochNanos()).isEqualTo(T + 2); // Loki's entry time wins over the line's own field
    assertThat(json.serviceName()).isEqualTo("cart");
    assertThat(json.body()).isEqualTo("slow query");
    assertThat(json.severityNumber()).isEqualTo(13);
    assertThat(json.attributes().asMap()).containsExactly(Map.entry("app", "cart"), Map.entry("pod", "cart-1"),
        Map.entry("db.rows", 1200L), Map.entry("time", "2020-01-01T00:00:00Z"));
  }

  @Test
  void badEntriesAreRejectedAlone() {
    DecodeResult<LogRecord> r = decode("""
        {"streams":[{"stream":{"job":"a"},"values":[
          ["%d","good"],["yesterday","bad ts"],["1000","too old"],[12,"number ts, too old"],
          ["%d","{not json} kept as text"]]}]}""".formatted(T, T));
    assertThat(r.accepted()).extracting(LogRecord::body).containsExactly("good", "{not json} kept as text");
    assertThat(r.errorMessage()).isEqualTo("3 log entries rejected: "
        + "streams[0].values[1]: timestamp: 'yesterday' is not Unix epoch nanoseconds; "
        + "streams[0].values[2]: timestamp: too far in the past (1970-01-01T00:00:00.000001Z, before 2000-01-01T00:00:00Z); "
        + "streams[0].values[3]: timestamp: too far in the past (1970-01-01T00:00:00.000000012Z, before 2000-01-01T00:00:00Z)");
  }

  @Test
  void malformedBodiesFail() {
    assertThatThrownBy(() -> decode("")).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty body");
    assertThatThrownBy(() -> decode("{\"streams\":{}}")).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("\"streams\" array");
    assertThatThrownBy(() -> decode("{\"streams\":[{\"stream\":{\"a\":{}},\"values\":[]}]}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessage("streams[0].stream.a: expected a string");
    assertThatThrownBy(() -> decode("{\"streams\":[{\"stream\":{},\"values\":[[\"1\"]]}]}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("streams[0].values[0]: expected");
    assertThatThrownBy(() -> decode("{\"streams\":[{\"stream\":{},\"values\":[[\"1\",\"x\"]"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("invalid Loki push JSON at line 1");
    assertThatThrownBy(() -> decode("{\"streams\":[" + "[".repeat(1000) + "]".repeat(1000) + "]}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("nesting depth");
  }

  @Test
  void overLongLinesAndDeepJsonLines() {
    IngestLimits small = IngestLimits.builder().maxLineBytes(300).build();
    String deepLine = ("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}").replace("\"", "\\\"");
    DecodeResult<LogRecord> r = LokiPushDecoder.create(small, CLOCK).decode("""
        {"streams":[{"stream":{},"values":[["%d","%s"],["%d","%s"]]}]}"""
        .formatted(T, "é".repeat(160), T, deepLine).getBytes(StandardCharsets.UTF_8));
    assertThat(r.errorMessage()).contains("streams[0].values[0]: line is 320 bytes, longer than maxLineBytes = 300");
    // A JSON line too deep to parse is kept as text rather than lost.
    assertThat(r.accepted()).hasSize(1);
  }
}
