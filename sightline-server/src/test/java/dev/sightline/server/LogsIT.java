package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.ingest.logs.proto.Entry;
import dev.sightline.ingest.logs.proto.LabelPair;
import dev.sightline.ingest.logs.proto.PushRequest;
import dev.sightline.ingest.logs.proto.Stream;
import dev.sightline.ingest.logs.proto.Timestamp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logs from every shipper format, read back with the Sightline query language: the seed's count query,
 * a bare condition, a pasted trace id across logs and spans, live tail, and the errors a person sees.
 */
class LogsIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension("storage.retention=30y");

  private static int port() {
    return sightline.server().httpPort();
  }

  private static JsonNode query(String q, String... extra) throws Exception {
    StringBuilder body = new StringBuilder("{\"query\":").append(TraceAssertions.JSON.writeValueAsString(q));
    for (int i = 0; i < extra.length; i += 2) {
      body.append(",\"").append(extra[i]).append("\":").append(extra[i + 1]);
    }
    HttpResponse<String> r = sightline.post(port(), "/api/query", "application/json",
        body.append('}').toString().getBytes(StandardCharsets.UTF_8));
    JsonNode n = TraceAssertions.JSON.readTree(r.body());
    assertThat(n.has("error")).as(r.body()).isFalse();
    return n;
  }

  private static String iso(Instant t) {
    return t.toString();
  }

  @Test
  void ndjsonFromCommonLoggersAndTheSeedQuery() throws Exception {
    Instant t = Instant.now().minusSeconds(30);
    String ndjson = String.join("\n",
        // logstash-logback-encoder
        "{\"@timestamp\":\"" + iso(t) + "\",\"level\":\"ERROR\",\"message\":\"Payment failed\",\"logger_name\":\"Pay\","
            + "\"service\":\"payment\",\"region\":\"US-EAST\",\"http\":{\"status\":502}}",
        // python-json-logger
        "{\"asctime\":\"" + iso(t.plusMillis(1)) + "\",\"levelname\":\"ERROR\",\"message\":\"Payment failed\","
            + "\"service\":\"payment\",\"region\":\"US-EAST\"}",
        // pino: epoch ms and numeric levels (50 = error)
        "{\"time\":" + t.plusMillis(2).toEpochMilli() + ",\"level\":50,\"msg\":\"Payment failed\","
            + "\"service\":\"payment\",\"region\":\"EU-WEST\"}",
        "this line is not JSON",
        // zap: epoch seconds as a float
        "{\"ts\":" + (t.plusMillis(3).toEpochMilli() / 1000.0) + ",\"level\":\"info\",\"msg\":\"ok\","
            + "\"service\":\"payment\",\"region\":\"US-EAST\"}");
    HttpResponse<String> r = sightline.post(port(), "/api/logs", "application/x-ndjson",
        ndjson.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode ack = TraceAssertions.JSON.readTree(r.body());
    assertThat(ack.get("accepted").asInt()).isEqualTo(4);
    assertThat(ack.get("rejected").asInt()).isEqualTo(1);
    assertThat(ack.get("errors").asText()).contains("line 4");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        query("SELECT count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'")
            .get("rows").get(0).get("count(*)").asLong()).isEqualTo(2));
    JsonNode bare = query("level = 'ERROR' AND service = 'payment'");
    assertThat(bare.get("rows")).hasSize(3);
    assertThat(query("SELECT count(*) FROM logs WHERE http.status >= 500").get("rows").get(0).get("count(*)").asLong())
        .isEqualTo(1);
    JsonNode grouped = query("SELECT region, count(*) AS n FROM logs WHERE service = 'payment' GROUP BY region "
        + "ORDER BY n DESC");
    assertThat(grouped.get("rows").get(0).get("region").asText()).isEqualTo("US-EAST");
    assertThat(grouped.get("rows").get(0).get("n").asLong()).isEqualTo(3);
  }

  @Test
  void elasticsearchBulkAsFilebeatSendsIt() throws Exception {
    String bulk = "{\"create\":{\"_index\":\"filebeat-8.11.0\"}}\n"
        + "{\"@timestamp\":\"" + iso(Instant.now().minusSeconds(5)) + "\",\"message\":\"GET /cart 200\","
        + "\"service\":{\"name\":\"cart\"},\"log\":{\"level\":\"info\"},\"host\":{\"name\":\"web-1\"}}\n"
        + "{\"delete\":{\"_index\":\"filebeat-8.11.0\",\"_id\":\"1\"}}\n";
    HttpResponse<String> r = sightline.post(port(), "/_bulk", "application/x-ndjson",
        bulk.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    JsonNode body = TraceAssertions.JSON.readTree(r.body());
    assertThat(body.get("errors").asBoolean()).isTrue();
    assertThat(body.get("items").get(0).get("create").get("status").asInt()).isEqualTo(201);
    assertThat(body.get("items").get(1).get("delete").get("status").asInt()).isEqualTo(400);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query("host.name = 'web-1'").get("rows")).hasSize(1));

    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/"))
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(TraceAssertions.JSON.readTree(info.body()).get("version").get("number").asText()).startsWith("8.");
    assertThat(sightline.get("/_cluster/health").body()).contains("green");
  }

  @Test
  void lokiPushWithStreamLabelsAsFields() throws Exception {
    long ns = Instant.now().minusSeconds(5).toEpochMilli() * 1_000_000L;
    String push = "{\"streams\":[{\"stream\":{\"service_name\":\"shipping\",\"env\":\"prod\"},\"values\":["
        + "[\"" + ns + "\",\"label printed for order 77\"],"
        + "[\"" + (ns + 1000) + "\",\"{\\\"level\\\":\\\"warn\\\",\\\"msg\\\":\\\"carrier slow\\\",\\\"carrier\\\":\\\"ups\\\"}\"]]}]}";
    HttpResponse<String> r = sightline.post(port(), "/loki/api/v1/push", "application/json",
        push.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query("service = 'shipping' AND env = 'prod'").get("rows")).hasSize(2));
    assertThat(query("carrier = 'ups'").get("rows")).hasSize(1);
    assertThat(query("'order 77'").get("rows")).hasSize(1);
  }

  /** Promtail's and Alloy's default: protobuf PushRequest, snappy block-compressed, no Content-Encoding. */
  @Test
  void lokiProtobufPushAsPromtailSendsIt() throws Exception {
    long ns = Instant.now().minusSeconds(5).toEpochMilli() * 1_000_000L;
    PushRequest push = PushRequest.newBuilder().addStreams(Stream.newBuilder()
        .setLabels("{service_name=\"returns\", env=\"prod\", filename=\"/var/log/returns.log\"}")
        .addEntries(Entry.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(ns / 1_000_000_000L)
                .setNanos((int) (ns % 1_000_000_000L)))
            .setLine("refund issued for order 91")
            .addStructuredMetadata(LabelPair.newBuilder().setName("trace_id")
                .setValue("5bf92f3577b34da6a3ce929d0e0e4736")))).build();
    HttpResponse<String> r = sightline.post(port(), "/loki/api/v1/push", "application/x-protobuf",
        org.xerial.snappy.Snappy.compress(push.toByteArray()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query("service = 'returns' AND filename = '/var/log/returns.log'").get("rows")).hasSize(1));
    assertThat(query("trace_id = '5bf92f3577b34da6a3ce929d0e0e4736'").get("rows")).hasSize(1);

    HttpResponse<String> notSnappy = sightline.post(port(), "/loki/api/v1/push", "application/x-protobuf",
        push.toByteArray());
    assertThat(notSnappy.statusCode()).isEqualTo(400);
    assertThat(notSnappy.body()).contains("corrupt snappy body");
  }

  @Test
  void otlpLogsExampleIsAccepted() throws Exception {
    byte[] example = Files.readAllBytes(Path.of("../sightline-ingest/src/test/resources/otlp/logs.json"));
    HttpResponse<String> r = sightline.post(sightline.server().otlpHttpPort(), "/v1/logs", "application/json",
        example);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query("service = 'my.service'", "start", "0").get("rows").size()).isGreaterThanOrEqualTo(1));
  }

  @Test
  void aPastedTraceIdTellsTheWholeStoryAcrossServices() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Instant t = Instant.now().minusSeconds(20);
    long us = t.toEpochMilli() * 1000;
    String spans = """
        [{"traceId":"%1$s","id":"1000000000000001","kind":"SERVER","name":"POST /checkout","timestamp":%2$d,
          "duration":900000,"localEndpoint":{"serviceName":"checkout"}},
         {"traceId":"%1$s","parentId":"1000000000000001","id":"1000000000000002","kind":"SERVER","name":"GET /stock",
          "timestamp":%3$d,"duration":100000,"localEndpoint":{"serviceName":"inventory"}},
         {"traceId":"%1$s","parentId":"1000000000000001","id":"1000000000000003","kind":"SERVER","name":"GET /rates",
          "timestamp":%4$d,"duration":500000,"localEndpoint":{"serviceName":"shipping"}}]
        """.formatted(traceId, us, us + 50_000, us + 300_000);
    assertThat(sightline.post(port(), "/api/v2/spans", "application/json", spans.getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(202);
    List<String> lines = new ArrayList<>();
    String[][] logs = {{"checkout", "10"}, {"inventory", "60"}, {"shipping", "320"}, {"checkout", "890"}};
    for (String[] l : logs) {
      lines.add("{\"timestamp\":\"" + t.plusMillis(Long.parseLong(l[1])) + "\",\"level\":\"INFO\",\"message\":\"step at "
          + l[1] + "\",\"service\":\"" + l[0] + "\",\"trace_id\":\"" + traceId + "\",\"request_id\":\"req-42\"}");
    }
    assertThat(sightline.post(port(), "/api/logs", "application/x-ndjson",
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(query(traceId).get("rows")).hasSize(7));
    JsonNode story = query(traceId);
    assertThat(story.get("kind").asText()).isEqualTo("correlation");
    List<Long> times = new ArrayList<>();
    List<String> services = new ArrayList<>();
    for (JsonNode row : story.get("rows")) {
      times.add(Long.parseLong(row.get("timestamp").asText()));
      services.add(row.get("service").asText());
    }
    assertThat(times).isSorted();
    assertThat(services).contains("checkout", "inventory", "shipping");
    assertThat(story.get("trace").get("spanCount").asInt()).isEqualTo(3);
    // A correlation id leads to the same story.
    assertThat(query("req-42").get("rows").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void queryErrorsNameThePosition() throws Exception {
    HttpResponse<String> r = sightline.post(port(), "/api/query", "application/json",
        "{\"query\":\"SELECT count(*) FORM logs\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = TraceAssertions.JSON.readTree(r.body());
    assertThat(err.get("error").asText()).contains("column 17");
    assertThat(err.get("position").get("column").asInt()).isEqualTo(17);
    HttpResponse<String> notJson = sightline.post(port(), "/api/query", "application/json",
        "query=x".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.statusCode()).isEqualTo(400);
    // Field values are data: a quote inside a value is just a character.
    JsonNode none = query("service = 'x'' OR 1=1 --'");
    assertThat(none.get("rows")).isEmpty();
  }

  @Test
  void liveTailStreamsNewMatchingLines() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest tail = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/logs/tail?query="
        + URLEncoder.encode("service = 'tailme'", StandardCharsets.UTF_8))).build();
    HttpResponse<java.io.InputStream> stream = client.send(tail, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type").orElse("")).contains("text/event-stream");
    CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("data: ") && line.contains("tail me please")) {
            return line;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String line = "{\"timestamp\":\"" + Instant.now() + "\",\"message\":\"tail me please\",\"service\":\"tailme\"}\n"
        + "{\"timestamp\":\"" + Instant.now() + "\",\"message\":\"not me\",\"service\":\"other\"}";
    assertThat(sightline.post(port(), "/api/logs", "application/x-ndjson", line.getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(200);
    String got = event.get(15, TimeUnit.SECONDS);
    assertThat(TraceAssertions.JSON.readTree(got.substring(6)).get("service").asText()).isEqualTo("tailme");
    stream.body().close();

  }
}
