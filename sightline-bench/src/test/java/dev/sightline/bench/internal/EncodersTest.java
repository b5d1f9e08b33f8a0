package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodersTest {
  private final List<BenchSpan> spans = new ArrayList<>();

  EncodersTest() {
    TraceGenerator g = TraceGenerator.of(3, 1_700_000_000_000_000_000L);
    while (spans.size() < 600) {
      spans.addAll(g.next());
    }
  }

  @Test
  void otlpCarriesEverySpanUnderItsServiceResource() throws Exception {
    ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(OtlpEncoder.encode(spans));
    int count = 0;
    int errors = 0;
    for (ResourceSpans rs : req.getResourceSpansList()) {
      String service = rs.getResource().getAttributesList().stream()
          .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue().getStringValue();
      for (var span : rs.getScopeSpans(0).getSpansList()) {
        count++;
        assertThat(span.getTraceId().size()).isEqualTo(16);
        assertThat(span.getSpanId().size()).isEqualTo(8);
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
          errors++;
        }
      }
      assertThat(spans).anyMatch(s -> s.service().name().equals(service));
    }
    assertThat(count).isEqualTo(spans.size());
    assertThat(errors).isEqualTo((int) spans.stream().filter(BenchSpan::error).count());
  }

  @Test
  void zipkinJsonNamesEverySpanWithHexIdsAndMicroseconds() {
    String json = new String(ZipkinJsonEncoder.encode(spans), StandardCharsets.UTF_8);
    assertThat(json).startsWith("[{\"traceId\":\"").endsWith("}}]");
    BenchSpan first = spans.get(0);
    assertThat(json).contains("\"id\":\"" + Hex.of(first.spanId()) + "\"")
        .contains("\"timestamp\":" + first.startNanos() / 1000);
    assertThat(json.split("\"localEndpoint\"", -1)).hasSize(spans.size() + 1);
    assertThat(json).doesNotContain("\"kind\":\"INTERNAL\"");
  }

  @Test
  void zipkinJsonEscapesQuotesBackslashesAndControlCharacters() {
    StringBuilder sb = new StringBuilder();
    ZipkinJsonEncoder.string(sb, "a\"b\\c\nd\u0001");
    assertThat(sb).hasToString("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void otlpRefusesAttributeTypesItCannotEncode() {
    BenchSpan s = spans.get(0);
    BenchSpan odd = new BenchSpan(s.traceId(), s.spanId(), null, s.service(), "x", BenchSpan.Kind.SERVER,
        s.startNanos(), s.endNanos(), false, null, Map.of("weird", new Object()), List.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtlpEncoder.encode(List.of(odd)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'weird'");
  }
}
