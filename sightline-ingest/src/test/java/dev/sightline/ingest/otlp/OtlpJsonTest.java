package dev.sightline.ingest.otlp;

import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.CLOCK;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.SPAN;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.T0;
import static dev.sightline.ingest.otlp.OtlpTraceDecoderTest.TRACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.StatusCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OTLP/JSON rules, and what hostile or broken JSON gets back. */
class OtlpJsonTest {
  final OtlpTraceDecoder decoder = OtlpTraceDecoder.create(IngestLimits.defaults(), CLOCK);

  static String body(String spanFields) {
    return """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s",
          "startTimeUnixNano":"%d","endTimeUnixNano":"%d"%s}]}]}]}"""
        .formatted(TRACE, SPAN, T0, T0 + 10, spanFields.isEmpty() ? "" : "," + spanFields);
  }

  DecodeResult<Span> decode(String json) {
    return decoder.decodeJson(json.getBytes(StandardCharsets.UTF_8));
  }

  Span one(String spanFields) {
    DecodeResult<Span> r = decode(body(spanFields));
    assertThat(r.errorMessage()).isEmpty();
    return r.accepted().get(0);
  }

  @Test
  void enumsAsNumbersOrNames() {
    assertThat(one("\"kind\":3").kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(one("\"kind\":\"SPAN_KIND_PRODUCER\"").kind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(one("\"kind\":42").kind()).isEqualTo(SpanKind.UNSPECIFIED);
    assertThat(one("\"status\":{\"code\":\"STATUS_CODE_OK\"}").status().code()).isEqualTo(StatusCode.OK);
    assertThatThrownBy(() -> decode(body("\"kind\":\"SERVERISH\"")))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].kind")
        .hasMessageContaining("unknown SpanKind name 'SERVERISH'");
  }

  @Test
  void sixtyFourBitIntegersAsStringsOrNumbers() {
    String json = """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s",
          "startTimeUnixNano":%d,"endTimeUnixNano":"%d",
          "attributes":[{"key":"big","value":{"intValue":"9223372036854775807"}},
                        {"key":"neg","value":{"intValue":-5}}]}]}]}]}""".formatted(TRACE, SPAN, T0, T0 + 10);
    Span s = decode(json).accepted().get(0);
    assertThat(s.startEpochNanos()).isEqualTo(T0);
    assertThat(s.attributes().get("big")).isEqualTo(Long.MAX_VALUE);
    assertThat(s.attributes().get("neg")).isEqualTo(-5L);
    assertThatThrownBy(() -> decode(body("\"attributes\":[{\"key\":\"x\",\"value\":{\"intValue\":\"12abc\"}}]")))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("spans[0].attributes[0].value.intValue")
        .hasMessageContaining("'12abc'");
  }

  @Test
  void snakeCaseKeysAndUnknownFieldsAreAccepted() {
    Span s = one("\"parent_span_id\":\"eee19b7ec3c1b173\",\"futureField\":[{\"a\":[1,{\"b\":null}]}],\"x\":null");
    assertThat(s.parentSpanId()).isEqualTo("eee19b7ec3c1b173");
  }

  @Test
  void idsMustBeHexNotBase64() {
    String base64Ids = """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=",
          "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}""".formatted(T0, T0);
    assertThatThrownBy(() -> decode(base64Ids))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].traceId")
        .hasMessageContaining("not a hex id");
  }

  @Test
  void wrongLengthAndZeroIdsRejectTheSpanOnly() {
    String json = """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"%1$s","spanId":"%2$s","startTimeUnixNano":"%3$d","endTimeUnixNano":"%3$d"},
          {"traceId":"00000000000000000000000000000000","spanId":"%2$s","startTimeUnixNano":"%3$d","endTimeUnixNano":"%3$d"},
          {"traceId":"%1$s","spanId":"eee19b7e","startTimeUnixNano":"%3$d","endTimeUnixNano":"%3$d"}]}]}]}"""
        .formatted(TRACE, SPAN, T0);
    DecodeResult<Span> r = decode(json);
    assertThat(r.accepted()).hasSize(1);
    assertThat(r.errorMessage()).isEqualTo("2 spans rejected: "
        + "resourceSpans[0].scopeSpans[0].spans[1].traceId: all zeros; "
        + "resourceSpans[0].scopeSpans[0].spans[2].spanId: must be 8 bytes, got 4");
  }

  @Test
  void wrongTypesNameThePath() {
    assertThatThrownBy(() -> decode(body("\"name\":42")))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessage("invalid OTLP/JSON at resourceSpans[0].scopeSpans[0].spans[0].name (line 2): expected a string, got a number");
    assertThatThrownBy(() -> decode("{\"resourceSpans\":{}}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("expected an array, got an object");
    assertThatThrownBy(() -> decode("[1,2]"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("expected an object, got an array");
    assertThatThrownBy(() -> decode(body("\"attributes\":[{\"key\":\"b\",\"value\":{\"boolValue\":\"yes\"}}]")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("attributes[0].value.boolValue");
  }

  @Test
  void invalidTruncatedAndEmptyJson() {
    assertThatThrownBy(() -> decode("{\"resourceSpans\":[}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("invalid OTLP/JSON at line 1, column");
    String full = body("");
    assertThatThrownBy(() -> decode(full.substring(0, full.length() - 10)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("end-of-input");
    assertThatThrownBy(() -> decode(""))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty body");
    assertThatThrownBy(() -> decode("   \n"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty body");
    assertThatThrownBy(() -> decode("{} {}"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("unexpected content after");
    assertThatThrownBy(() -> decoder.decodeJson(new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'}))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void thousandDeepNestingIsRefusedByTheDepthLimit() {
    String deep = "{\"resourceSpans\":[{\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}]}";
    assertThatThrownBy(() -> decode(deep))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("nesting depth")
        .hasMessageContaining("64");
    String deepValue = body("\"attributes\":[{\"key\":\"k\",\"value\":"
        + "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(200) + "{}" + "}]}}".repeat(200) + "}]");
    assertThatThrownBy(() -> decode(deepValue)).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void doublesAcceptTheProto3SpecialStringsAndBytesAreBase64() {
    Span s = one("\"attributes\":[{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}},"
        + "{\"key\":\"inf\",\"value\":{\"doubleValue\":\"-Infinity\"}},"
        + "{\"key\":\"b\",\"value\":{\"bytesValue\":\"3q2-7w\"}}]");
    assertThat((Double) s.attributes().get("nan")).isNaN();
    assertThat(s.attributes().get("inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.attributes().get("b")).isEqualTo("3q2+7w==");
    assertThatThrownBy(() -> decode(body("\"attributes\":[{\"key\":\"b\",\"value\":{\"bytesValue\":\"***\"}}]")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("value.bytesValue").hasMessageContaining("not base64");
  }

  @Test
  void tenThousandJsonAttributesAreCapped() {
    StringBuilder attrs = new StringBuilder("\"attributes\":[");
    for (int i = 0; i < 10_000; i++) {
      attrs.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":{\"intValue\":").append(i).append("}}");
    }
    DecodeResult<Span> r = decode(body(attrs.append(']').toString()));
    assertThat(r.accepted().get(0).attributes().size()).isEqualTo(128);
    assertThat(r.droppedAttributes()).isEqualTo(10_000 - 128);
  }

  @Test
  void hugeStringsAndNumbersAreRefused() {
    IngestLimits small = IngestLimits.builder().maxJsonStringLength(1000).build();
    OtlpTraceDecoder d = OtlpTraceDecoder.create(small, CLOCK);
    byte[] huge = body("\"name\":\"" + "n".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> d.decodeJson(huge))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("String value length");
    assertThatThrownBy(() -> decode(body("\"flags\":" + "9".repeat(500))))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("Number value length");
    assertThatThrownBy(() -> decode(body("\"flags\":4294967296")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("out of range");
  }
}
