package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redaction, span-derived metrics and tail sampling, end to end through the real server. */
class ProcessingIT {
  static String micros(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
  }

  static String span(String traceId, String id, String service, String name, boolean error, String extraTags) {
    Instant t = Instant.now().minusSeconds(2);
    return """
        {"traceId":"%s","id":"%s","kind":"SERVER","name":"%s","timestamp":%s,"duration":120000,
         "localEndpoint":{"serviceName":"%s"},"tags":{%s%s}}
        """.formatted(traceId, id, name, micros(t), service, error ? "\"error\":\"boom\"" : "\"ok\":\"1\"",
        extraTags.isEmpty() ? "" : "," + extraTags);
  }

  static void send(SightlineExtension s, String... spans) throws Exception {
    HttpResponse<String> r = s.post(s.server().zipkinPort(), "/api/v2/spans", "application/json",
        ("[" + String.join(",", spans) + "]").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Nested
  class RedactionAndSpanMetrics {
    @RegisterExtension final SightlineExtension sightline = new SightlineExtension();

    @Test
    void secretsAreMaskedBeforeStorageAndCountedPerService() throws Exception {
      send(sightline, span("aa00000000000001", "aa00000000000001", "payments", "POST /pay", false,
          "\"card.number\":\"4111 1111 1111 1111\",\"http.request.header.authorization\":\"Bearer abc\","
              + "\"note\":\"paid with 4111111111111111 today\",\"order.id\":\"1234567812345678\""));
      JsonNode trace = TraceAssertions.awaitTrace(sightline, "0000000000000000aa00000000000001", 1);
      JsonNode attrs = trace.get("spans").get(0).get("attributes");
      assertThat(attrs.get("card.number").asText()).startsWith("[REDACTED");
      assertThat(attrs.get("http.request.header.authorization").asText()).startsWith("[REDACTED");
      assertThat(attrs.get("note").asText()).doesNotContain("4111111111111111").contains("[REDACTED:card]");
      // Not a valid Luhn number: an order id, not a card.
      assertThat(attrs.get("order.id").asText()).isEqualTo("1234567812345678");
      assertThat(trace.toString()).doesNotContain("4111 1111 1111 1111");

      JsonNode privacy = TraceAssertions.JSON.readTree(sightline.get("/api/privacy").body());
      assertThat(privacy.toString()).contains("payments").contains("card");
    }

    @Test
    void redMetricsComeFromEverySpan() throws Exception {
      send(sightline,
          span("bb00000000000001", "bb00000000000001", "inventory", "GET /stock", false, ""),
          span("bb00000000000002", "bb00000000000002", "inventory", "GET /stock", true, ""),
          span("bb00000000000003", "bb00000000000003", "inventory", "GET /stock", false, ""));
      TraceAssertions.awaitTrace(sightline, "0000000000000000bb00000000000003", 1);
      sightline.server().flushSpanMetrics();
      String q = URLEncoder.encode("sum by (status_code) (traces_span_metrics_calls_total{service_name=\"inventory\"})",
          StandardCharsets.UTF_8);
      JsonNode result = TraceAssertions.JSON.readTree(sightline.get("/api/v1/query?query=" + q).body())
          .get("data").get("result");
      assertThat(result).hasSize(2);
      assertThat(result.toString()).contains("STATUS_CODE_ERROR").contains("\"1\"").contains("\"2\"");

      // Exemplars lead from the latency histogram to the traces behind it.
      String e = URLEncoder.encode("histogram_quantile(0.99, rate(traces_span_metrics_duration_seconds_bucket"
          + "{service_name=\"inventory\"}[5m]))", StandardCharsets.UTF_8);
      JsonNode ex = TraceAssertions.JSON.readTree(sightline.get("/api/v1/query_exemplars?query=" + e).body());
      assertThat(ex.get("status").asText()).isEqualTo("success");
      assertThat(ex.get("data").toString()).contains("0000000000000000bb0000000000000");
      assertThat(ex.get("data").get(0).get("seriesLabels").get("__name__").asText())
          .isEqualTo("traces_span_metrics_duration_seconds_bucket");
    }
  }

  @Nested
  class TailSampling {
    @RegisterExtension final SightlineExtension sightline = new SightlineExtension(
        "tail_sampling={enabled: true, decision_wait: 1s, policies: [{name: keep-errors, type: status_code, "
            + "status_code: {status_codes: [ERROR]}}]}");

    @Test
    void keepsErrorTracesDropsTheRestAndSaysSo() throws Exception {
      send(sightline,
          span("cc00000000000001", "cc00000000000001", "checkout", "POST /checkout", true, ""),
          span("cc00000000000002", "cc00000000000002", "checkout", "POST /checkout", false, ""));
      JsonNode kept = TraceAssertions.awaitTrace(sightline, "0000000000000000cc00000000000001", 1);
      assertThat(kept.get("sampling").get("tailSampling").asBoolean()).isTrue();
      assertThat(kept.get("sampling").get("policy").asText()).isEqualTo("keep-errors");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sightline.get("/metrics").body())
          .containsPattern("sightline_tail_sampling_traces_total\\{decision=\"not_sampled\"} 1"));
      assertThat(sightline.get("/api/traces/0000000000000000cc00000000000002").statusCode()).isEqualTo(404);

      // Span metrics still count both: they come before sampling.
      sightline.server().flushSpanMetrics();
      String q = URLEncoder.encode("sum(traces_span_metrics_calls_total{service_name=\"checkout\"})",
          StandardCharsets.UTF_8);
      JsonNode result = TraceAssertions.JSON.readTree(sightline.get("/api/v1/query?query=" + q).body());
      assertThat(result.get("data").get("result").get(0).get("value").get(1).asText()).isEqualTo("2");
    }
  }
}
