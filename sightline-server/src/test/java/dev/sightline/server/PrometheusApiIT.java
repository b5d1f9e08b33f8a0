package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Prometheus HTTP API answers with Prometheus's shapes, values and errors. */
class PrometheusApiIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "metrics.max_series_per_metric=50");

  static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 20 * 60_000;

  @BeforeAll
  static void seed() throws Exception {
    MetricAppender a = sightline.server().tsdb().appender();
    for (int i = 0; i <= 60; i++) { // 15 minutes at 15 s
      long t = T0 + i * 15_000L;
      a.append(Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), t, 10.0 * i);
      a.append(Labels.of("__name__", "http_requests_total", "job", "api", "code", "500"), t, 1.0 * i);
      a.append(Labels.of("__name__", "queue_depth", "job", "worker"), t, i % 7);
    }
    AppendResult r = a.commit();
    assertThat(r.allAccepted()).isTrue();
    for (int u = 0; u < 60; u++) { // a label exploding past the per-metric limit
      a.append(Labels.of("__name__", "logins_total", "user_id", "u" + u), T0, 1);
    }
    AppendResult limited = a.commit();
    assertThat(limited.rejectedByLimit()).isEqualTo(10);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = sightline.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return TraceAssertions.JSON.readTree(r.body());
  }

  @Test
  void instantQueryComputesRateAsPrometheusDoes() throws Exception {
    long at = T0 + 10 * 60_000L;
    JsonNode r = get("/api/v1/query?query=" + q("sum by (code) (rate(http_requests_total[5m]))")
        + "&time=" + at / 1000, 200);
    assertThat(r.get("status").asText()).isEqualTo("success");
    assertThat(r.get("data").get("resultType").asText()).isEqualTo("vector");
    JsonNode result = r.get("data").get("result");
    assertThat(result).hasSize(2);
    assertThat(result.get(0).get("metric").get("code").asText()).isEqualTo("200");
    assertThat(result.get(0).get("value").get(0).asLong()).isEqualTo(at / 1000);
    // 10 per 15 s, exactly, with no extrapolation surprises inside the data.
    assertThat(Double.parseDouble(result.get(0).get("value").get(1).asText())).isCloseTo(10.0 / 15, within());
    assertThat(Double.parseDouble(result.get(1).get("value").get(1).asText())).isCloseTo(1.0 / 15, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void scalarAndRangeShapes() throws Exception {
    JsonNode s = get("/api/v1/query?query=1%2B1&time=100", 200);
    assertThat(s.get("data").get("resultType").asText()).isEqualTo("scalar");
    assertThat(s.get("data").get("result").toString()).isEqualTo("[100,\"2\"]");

    long start = T0 / 1000;
    JsonNode m = get("/api/v1/query_range?query=queue_depth&start=" + start + "&end=" + (start + 60) + "&step=15s",
        200);
    assertThat(m.get("data").get("resultType").asText()).isEqualTo("matrix");
    JsonNode values = m.get("data").get("result").get(0).get("values");
    assertThat(values).hasSize(5);
    assertThat(values.get(1).toString()).isEqualTo("[" + (start + 15) + ",\"1\"]");
  }

  @Test
  void postFormWorksLikeGet() throws Exception {
    String form = "query=" + q("count(http_requests_total)") + "&time=" + (T0 / 1000 + 60);
    HttpResponse<String> r = sightline.post(sightline.server().httpPort(), "/api/v1/query",
        "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"2\"");
  }

  @Test
  void metadataEndpoints() throws Exception {
    JsonNode series = get("/api/v1/series?match[]=" + q("http_requests_total{code=~\"5..\"}"), 200);
    assertThat(series.get("data")).hasSize(1);
    assertThat(series.get("data").get(0).get("code").asText()).isEqualTo("500");
    JsonNode labels = get("/api/v1/labels", 200);
    assertThat(labels.get("data").toString()).contains("\"__name__\"", "\"code\"", "\"job\"");
    JsonNode values = get("/api/v1/label/job/values", 200);
    assertThat(values.get("data").toString()).isEqualTo("[\"api\",\"worker\"]");
    JsonNode names = get("/api/v1/label/__name__/values", 200);
    assertThat(names.get("data").toString()).contains("queue_depth", "http_requests_total");
    get("/api/v1/status/buildinfo", 200);
  }

  @Test
  void errorsHavePrometheusShape() throws Exception {
    JsonNode parse = get("/api/v1/query?query=" + q("sum(rate(x[5m])"), 400);
    assertThat(parse.get("status").asText()).isEqualTo("error");
    assertThat(parse.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(parse.get("error").asText()).contains("parse error");
    assertThat(get("/api/v1/query", 400).get("error").asText()).contains("query");
    assertThat(get("/api/v1/query_range?query=up&start=10&end=5&step=1", 400).get("error").asText())
        .contains("end timestamp must not be before start time");
    assertThat(get("/api/v1/query_range?query=up&start=0&end=100000&step=1", 400).get("error").asText())
        .contains("11,000 points");
    assertThat(get("/api/v1/query_range?query=up&start=0&end=10&step=0", 400).get("error").asText())
        .contains("zero or negative");
    assertThat(get("/api/v1/series", 400).get("error").asText()).contains("match[]");
    assertThat(get("/api/v1/query?query=up&time=yesterday", 400).get("error").asText()).contains("time");
  }

  @Test
  void cardinalityNamesTheExplodingLabel() throws Exception {
    JsonNode c = get("/api/metrics/cardinality", 200);
    JsonNode top = c.get("report").get("metrics").get(0);
    assertThat(top.get("name").asText()).isEqualTo("logins_total");
    assertThat(top.get("series").asInt()).isEqualTo(50);
    assertThat(top.get("labels").get(0).get("name").asText()).isEqualTo("user_id");
    assertThat(c.get("rejectedSamplesByMetric").get("logins_total").asLong()).isEqualTo(10);
    assertThat(sightline.get("/metrics").body())
        .containsPattern("sightline_tsdb_refused_samples_total\\{metric=\"logins_total\"} 10");
  }
}
