package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.CLOCK;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.SPAN;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.T0;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.TRACE;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.bytes;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.kv;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpLogDecoderTest {
  static final long NOW = 1795464000L * 1_000_000_000L; // CLOCK's instant
  final OtlpLogDecoder decoder = OtlpLogDecoder.create(IngestLimits.defaults(), CLOCK);

  @Test
  void decodesTheOtlpProtoExampleJson() throws IOException {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/otlp/logs.json")) {
      json = in.readAllBytes();
    }
    DecodeResult<LogRecord> result = decoder.decodeJson(json);
    assertThat(result.errorMessage()).isEmpty();
    LogRecord r = result.accepted().get(0);
    assertThat(r.epochNanos()).isEqualTo(1544712660300000000L);
    assertThat(r.observedEpochNanos()).isEqualTo(1544712660300000000L);
    assertThat(r.severityNumber()).isEqualTo(10);
    assertThat(r.severityText()).isEqualTo("Information");
    assertThat(r.traceId()).isEqualTo(TRACE);
    assertThat(r.spanId()).isEqualTo(SPAN);
    assertThat(r.body()).isEqualTo("Example log record");
    assertThat(r.serviceName()).isEqualTo("my.service");
    assertThat(r.scope().name()).isEqualTo("my.library");
    assertThat(r.attributes().asMap()).containsExactly(
        Map.entry("string.attribute", "some string"),
        Map.entry("boolean.attribute", true),
        Map.entry("int.attribute", 10L),
        Map.entry("double.attribute", 637.704),
        Map.entry("array.attribute", List.of("many", "values")),
        Map.entry("map.attribute.some.map.key", "some value"));
  }

  @Test
  void protobufRoundTripKeepsEveryField() {
    var record = fullRecord().build();
    ExportLogsServiceRequest request = request(record);
    DecodeResult<LogRecord> r = decoder.decodeProtobuf(request.toByteArray());
    assertThat(r).isEqualTo(decoder.decode(request));
    LogRecord l = r.accepted().get(0);
    assertThat(l.epochNanos()).isEqualTo(T0);
    assertThat(l.observedEpochNanos()).isEqualTo(T0 + 5);
    assertThat(l.severityNumber()).isEqualTo(17);
    assertThat(l.severityText()).isEqualTo("ERROR");
    assertThat(l.body()).isEqualTo("{\"order\":{\"id\":42,\"items\":[\"a\",\"b\"]}}");
    assertThat(l.attributes().asMap()).containsExactly(
        Map.entry("http.request.method", "POST"),
        Map.entry("http.status", 500L),
        Map.entry("event.name", "order.failed"));
    assertThat(l.traceId()).isEqualTo(TRACE);
    assertThat(l.spanId()).isEqualTo(SPAN);
    assertThat(l.flags()).isEqualTo(1);
    assertThat(l.resource().attributes()).isEqualTo(Attributes.of("service.name", "orders"));
    assertThat(l.scope().name()).isEqualTo("org.slf4j");
  }

  @Test
  void missingTimesFallBackToObservedThenReceiveTime() {
    var observedOnly = fullRecord().setTimeUnixNano(0).build();
    var neither = fullRecord().setTimeUnixNano(0).setObservedTimeUnixNano(0)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED).setSeverityText("warning").build();
    List<LogRecord> r = decoder.decode(request(observedOnly, neither)).accepted();
    assertThat(r.get(0).epochNanos()).isEqualTo(T0 + 5);
    assertThat(r.get(1).epochNanos()).isEqualTo(NOW);
    assertThat(r.get(1).observedEpochNanos()).isEqualTo(NOW);
    assertThat(r.get(1).severityNumber()).isEqualTo(13);
  }

  @Test
  void invalidRecordsAreRejectedWithPartialSuccess() {
    DecodeResult<LogRecord> r = decoder.decode(request(
        fullRecord().build(),
        fullRecord().setTraceId(ByteString.copyFrom(new byte[16])).build(),
        fullRecord().setSpanId(ByteString.copyFrom(new byte[3])).build(),
        fullRecord().setTimeUnixNano(1000).build(),
        fullRecord().clearTraceId().clearSpanId().build()));
    assertThat(r.accepted()).hasSize(2);
    assertThat(r.errorMessage()).isEqualTo("3 log records rejected: "
        + "resourceLogs[0].scopeLogs[0].logRecords[1].traceId: all zeros; "
        + "resourceLogs[0].scopeLogs[0].logRecords[2].spanId: must be 8 bytes, got 3; "
        + "resourceLogs[0].scopeLogs[0].logRecords[3].timeUnixNano: too far in the past "
        + "(1970-01-01T00:00:00.000001Z, before 2000-01-01T00:00:00Z)");
    var response = OtlpLogDecoder.response(r);
    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(3);
    assertThat(OtlpLogDecoder.responseJson(r)).asString().contains("\"rejectedLogRecords\":\"3\"");
  }

  @Test
  void limitsApplyToLogRecords() {
    IngestLimits small = IngestLimits.builder().maxAttributesPerLogRecord(2).maxLogBodyLength(5).build();
    var rec = fullRecord().setBody(str("0123456789"));
    for (int i = 0; i < 10_000; i++) {
      rec.addAttributes(kv("a" + i, str("v")));
    }
    DecodeResult<LogRecord> r = OtlpLogDecoder.create(small, CLOCK).decode(request(rec.build()));
    LogRecord l = r.accepted().get(0);
    assertThat(l.body()).isEqualTo("01234");
    assertThat(l.attributes().size()).isEqualTo(2);
    assertThat(r.droppedAttributes()).isEqualTo(10_002 - 2 + 1); // the 10,000 a* and event.name; http.* came first
    assertThat(r.truncatedValues()).isEqualTo(1);
  }

  @Test
  void malformedInputFails() {
    byte[] full = request(fullRecord().build()).toByteArray();
    assertThatThrownBy(() -> decoder.decodeProtobuf(Arrays.copyOf(full, full.length - 3)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("malformed OTLP protobuf ExportLogsServiceRequest");
    assertThatThrownBy(() -> decoder.decodeJson("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":\"text\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("resourceLogs[0].scopeLogs[0].logRecords[0].body")
        .hasMessageContaining("expected an object, got a string");
    assertThatThrownBy(() -> decoder.decodeJson(new byte[0]))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty body");
  }

  static ExportLogsServiceRequest request(io.opentelemetry.proto.logs.v1.LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("orders"))))
            .addScopeLogs(ScopeLogs.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("org.slf4j"))
                .addAllLogRecords(List.of(records))))
        .build();
  }

  static io.opentelemetry.proto.logs.v1.LogRecord.Builder fullRecord() {
    AnyValue body = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
        .addValues(kv("order", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("id", AnyValue.newBuilder().setIntValue(42).build()))
            .addValues(kv("items", AnyValue.newBuilder().setArrayValue(
                io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(str("a")).addValues(str("b")))
                .build()))).build()))).build();
    return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
        .setTimeUnixNano(T0)
        .setObservedTimeUnixNano(T0 + 5)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
        .setSeverityText("ERROR")
        .setBody(body)
        .addAttributes(kv("http.request.method", str("POST")))
        .addAttributes(kv("http", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("status", AnyValue.newBuilder().setIntValue(500).build()))).build()))
        .setEventName("order.failed")
        .setFlags(1)
        .setTraceId(bytes(TRACE))
        .setSpanId(bytes(SPAN));
  }
}
