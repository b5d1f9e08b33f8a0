package dev.sightline.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;

/**
 * The contract of {@link OtlpTraceDecoder#decodeProtobuf}: for any bytes, the same outcome as
 * {@code decode(ExportTraceServiceRequest.parseFrom(bytes))}, the reference it replaced.
 */
final class ProtobufEquivalence {
  private ProtobufEquivalence() {}

  /** Asserts the same outcome both ways; returns the result, or null when both refused the body. */
  static DecodeResult<Span> assertSameOutcome(OtlpTraceDecoder decoder, byte[] body, String what) {
    DecodeResult<Span> expected;
    try {
      expected = decoder.decode(ExportTraceServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      expected = null;
    }
    DecodeResult<Span> actual;
    InvalidPayloadException refused = null;
    try {
      actual = decoder.decodeProtobuf(body);
    } catch (InvalidPayloadException e) {
      actual = null;
      refused = e;
    }
    if (expected == null) {
      assertThat(refused).as("%s: parseFrom refused the body, decodeProtobuf gave %s", what, actual).isNotNull();
      assertThat(refused).hasMessageStartingWith("malformed OTLP protobuf ExportTraceServiceRequest: ");
      return null;
    }
    assertThat(refused).as("%s: parseFrom accepted the body", what).isNull();
    assertThat(actual).as(what).isEqualTo(expected);
    assertSameSharing(expected.accepted(), actual.accepted(), what);
    return actual;
  }

  /** Spans of one ResourceSpans share one Resource instance, of one ScopeSpans one scope; storage relies on it. */
  private static void assertSameSharing(List<Span> expected, List<Span> actual, String what) {
    for (int i = 1; i < expected.size(); i++) {
      assertThat(actual.get(i).resource() == actual.get(i - 1).resource())
          .as("%s: spans %d and %d share their resource", what, i - 1, i)
          .isEqualTo(expected.get(i).resource() == expected.get(i - 1).resource());
      assertThat(actual.get(i).scope() == actual.get(i - 1).scope())
          .as("%s: spans %d and %d share their scope", what, i - 1, i)
          .isEqualTo(expected.get(i).scope() == expected.get(i - 1).scope());
    }
  }
}
