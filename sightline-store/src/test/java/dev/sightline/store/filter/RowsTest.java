package dev.sightline.store.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {

  @Test
  void logRecordBecomesARowWithWellKnownFieldsWinning() {
    LogRecord log = LogRecord.builder()
        .epochNanos(1_000L)
        .severityText("error ")
        .severityNumber(17)
        .body("payment declined")
        .attributes(Attributes.of("region", "US-EAST", "http", Attributes.of("status_code", 502L),
            "level", "shadowed", "tags", List.of("a", "b")))
        .resource(new Resource(Attributes.of("service.name", "checkout", "region", "EU", "k8s.pod.name", "p-1")))
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .build();
    Map<String, Object> row = Rows.of(log);
    assertThat(row).containsEntry("timestamp", 1_000L)
        .containsEntry("level", "ERROR")
        .containsEntry("severity_number", 17L)
        .containsEntry("message", "payment declined")
        .containsEntry("service", "checkout")
        .containsEntry("region", "US-EAST") // the record's attribute wins over the resource's
        .containsEntry("http.status_code", 502L)
        .containsEntry("k8s.pod.name", "p-1")
        .containsEntry("tags", List.of("a", "b"))
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .doesNotContainKeys("span_id", "service.name");
    assertThat(FilterEvaluator.matches(Filter.and(Filter.eq("level", Value.of("ERROR")),
        Filter.eq("region", Value.of("US-EAST"))), row)).isTrue();
  }

  @Test
  void levelFallsBackToTheOtlpSeverityNumberAndTimestampToObservedTime() {
    assertThat(Rows.level("", 9)).isEqualTo("INFO");
    assertThat(Rows.level(null, 24)).isEqualTo("FATAL");
    assertThat(Rows.level("", 0)).isNull();
    assertThat(Rows.level("Warning", 13)).isEqualTo("WARNING");
    Map<String, Object> row = Rows.of(LogRecord.builder().observedEpochNanos(77L).body("x").build());
    assertThat(row).containsEntry("timestamp", 77L).doesNotContainKeys("level", "severity_number");
  }

  @Test
  void spanBecomesARow() {
    Span span = Span.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").parentSpanId("")
        .name("POST /cart").kind(SpanKind.SERVER).startEpochNanos(100L).endEpochNanos(350L)
        .status(Status.error("boom")).resource(Resource.ofService("cart"))
        .attributes(Attributes.of("http.status_code", 500L))
        .build();
    assertThat(Rows.of(span)).containsEntry("timestamp", 100L)
        .containsEntry("duration", 250L)
        .containsEntry("name", "POST /cart")
        .containsEntry("kind", "SERVER")
        .containsEntry("status", "ERROR")
        .containsEntry("status_message", "boom")
        .containsEntry("service", "cart")
        .containsEntry("span_id", "00f067aa0ba902b7")
        .containsEntry("http.status_code", 500L)
        .doesNotContainKey("parent_span_id");
  }
}
