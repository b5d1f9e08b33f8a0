package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Zipkin v2 JSON, the OTLP/JSON example from the OTLP repository, and the query side of the API. */
class TraceApiIT {
  // The OTLP example is from 2018: keep it.
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension("storage.retention=30y");

  private static String micros(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
  }

  @Test
  void zipkinV2JsonIsStoredAndReadBack() throws Exception {
    Instant t = Instant.now().minusSeconds(5);
    String body = """
        [{"traceId":"4e441824ec2b6a44","id":"4e441824ec2b6a44","kind":"SERVER","name":"get /inventory",
          "timestamp":%s,"duration":207000,
          "localEndpoint":{"serviceName":"inventory","ipv4":"10.0.0.7","port":8080},
          "remoteEndpoint":{"ipv4":"10.0.0.8","port":53120},
          "tags":{"http.method":"GET","http.path":"/inventory"}},
         {"traceId":"4e441824ec2b6a44","parentId":"4e441824ec2b6a44","id":"c9d2b2e4b5d2e0a1","kind":"CLIENT",
          "name":"select","timestamp":%s,"duration":150000,
          "localEndpoint":{"serviceName":"inventory"},"remoteEndpoint":{"serviceName":"warehouse-db"},
          "annotations":[{"timestamp":%s,"value":"wire send"}],
          "tags":{"error":"connection reset"}}]
        """.formatted(micros(t), micros(t.plusMillis(10)), micros(t.plusMillis(11)));
    HttpResponse<String> r = sightline.post(sightline.server().zipkinPort(), "/api/v2/spans", "application/json",
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(202);

    String traceId = "00000000000000004e441824ec2b6a44";
    JsonNode trace = TraceAssertions.awaitTrace(sightline, traceId, 2);
    JsonNode server = TraceAssertions.span(trace, "get /inventory");
    assertThat(server.get("kind").asText()).isEqualTo("SERVER");
    assertThat(server.get("service").asText()).isEqualTo("inventory");
    assertThat(server.get("durationNanos").asLong()).isEqualTo(207_000_000L);
    assertThat(server.get("attributes").get("http.method").asText()).isEqualTo("GET");
    JsonNode client = TraceAssertions.span(trace, "select");
    assertThat(client.get("parentSpanId").asText()).isEqualTo("4e441824ec2b6a44");
    assertThat(client.get("status").get("code").asText()).isEqualTo("ERROR");
    assertThat(client.get("events").get(0).get("name").asText()).isEqualTo("wire send");
    assertThat(client.toString()).contains("warehouse-db");
  }

  @Test
  void otlpJsonExampleFromTheSpecIsAccepted() throws Exception {
    byte[] example = Files.readAllBytes(Path.of("../sightline-ingest/src/test/resources/otlp/trace.json"));
    HttpResponse<String> r = sightline.post(sightline.server().otlpHttpPort(), "/v1/traces", "application/json",
        example);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    assertThat(r.body()).doesNotContain("rejected");

    JsonNode trace = TraceAssertions.awaitTrace(sightline, "5b8efff798038103d269b633813fc60c", 1);
    JsonNode span = trace.get("spans").get(0);
    assertThat(span.get("spanId").asText()).isEqualTo("eee19b7ec3c1b174");
    assertThat(span.get("parentSpanId").asText()).isEqualTo("eee19b7ec3c1b173");
    assertThat(span.get("name").asText()).isEqualTo("I'm a server span");
    assertThat(span.get("kind").asText()).isEqualTo("SERVER");
    assertThat(span.get("service").asText()).isEqualTo("my.service");
    assertThat(span.get("startTimeUnixNano").asText()).isEqualTo("1544712660000000000");
    assertThat(span.get("durationNanos").asLong()).isEqualTo(1_000_000_000L);
    assertThat(span.get("attributes").get("my.span.attr").asText()).isEqualTo("some value");
    assertThat(span.get("scope").get("name").asText()).isEqualTo("my.library");
  }

  @Test
  void searchServicesAndOperations() throws Exception {
    Instant t = Instant.now().minusSeconds(60);
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      String id = String.format("%016x", 0xabc000L + i);
      body.append(i == 0 ? "" : ",").append("""
          {"traceId":"%s","id":"%s","kind":"SERVER","name":"%s","timestamp":%s,"duration":%d,
           "localEndpoint":{"serviceName":"shipping"},"tags":{"region":"%s"}}
          """.formatted(id, id, i % 2 == 0 ? "GET /rates" : "POST /label", micros(t.plusSeconds(i)),
          (i + 1) * 1_000_000L, i < 3 ? "eu" : "us"));
    }
    body.append("]");
    assertThat(sightline.post(sightline.server().httpPort(), "/api/v2/spans", "application/json",
        body.toString().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode all = TraceAssertions.JSON.readTree(sightline.get("/api/traces?service=shipping&limit=10").body());
      assertThat(all.get("traces")).hasSize(5);
    });
    JsonNode all = TraceAssertions.JSON.readTree(sightline.get("/api/traces?service=shipping&limit=10").body());
    // Newest first.
    assertThat(all.get("traces").get(0).get("traceId").asText()).endsWith("abc004");
    assertThat(all.get("traces").get(0).get("rootService").asText()).isEqualTo("shipping");
    assertThat(all.get("traces").get(0).get("spanCount").asInt()).isEqualTo(1);

    JsonNode rates = TraceAssertions.JSON.readTree(
        sightline.get("/api/traces?service=shipping&operation=GET%20/rates").body());
    assertThat(rates.get("traces")).hasSize(3);
    JsonNode slow = TraceAssertions.JSON.readTree(
        sightline.get("/api/traces?service=shipping&minDuration=3.5s").body());
    assertThat(slow.get("traces")).hasSize(2);
    JsonNode fast = TraceAssertions.JSON.readTree(
        sightline.get("/api/traces?service=shipping&maxDuration=2s").body());
    assertThat(fast.get("traces")).hasSize(2);
    JsonNode us = TraceAssertions.JSON.readTree(sightline.get("/api/traces?service=shipping&tags=region%3Dus").body());
    assertThat(us.get("traces")).hasSize(2);
    JsonNode limited = TraceAssertions.JSON.readTree(sightline.get("/api/traces?service=shipping&limit=2").body());
    assertThat(limited.get("traces")).hasSize(2);
    long startNanos = Long.parseLong(micros(t.plusSeconds(3))) * 1_000L; // Zipkin keeps microseconds
    JsonNode recent = TraceAssertions.JSON.readTree(
        sightline.get("/api/traces?service=shipping&start=" + startNanos).body());
    assertThat(recent.get("traces")).hasSize(2);

    JsonNode services = TraceAssertions.JSON.readTree(sightline.get("/api/services").body());
    assertThat(services.get("services").toString()).contains("shipping");
    JsonNode ops = TraceAssertions.JSON.readTree(sightline.get("/api/services/shipping/operations").body());
    assertThat(ops.get("operations").toString()).isEqualTo("[\"GET /rates\",\"POST /label\"]");
  }

  @Test
  void unknownAndInvalidTraceIdsAreClearJsonErrors() throws Exception {
    HttpResponse<String> missing = sightline.get("/api/traces/0123456789abcdef0123456789abcdef");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(TraceAssertions.JSON.readTree(missing.body()).get("error").asText()).contains("not found");
    HttpResponse<String> bad = sightline.get("/api/traces/xyz");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("32 lowercase hex");
    HttpResponse<String> badParam = sightline.get("/api/traces?minDuration=soon");
    assertThat(badParam.statusCode()).isEqualTo(400);
    assertThat(badParam.body()).contains("minDuration");
  }

  @Test
  void analysisSaysWhereTheTimeWent() throws Exception {
    Instant t = Instant.now().minusSeconds(30);
    String body = """
        [{"traceId":"5e441824ec2b6a45","id":"5e441824ec2b6a45","kind":"SERVER","name":"POST /checkout",
          "timestamp":%s,"duration":10000000,"localEndpoint":{"serviceName":"checkout"}},
         {"traceId":"5e441824ec2b6a45","parentId":"5e441824ec2b6a45","id":"6e441824ec2b6a46","kind":"CLIENT",
          "name":"GET /rates","timestamp":%s,"duration":9100000,
          "localEndpoint":{"serviceName":"shipping"},"remoteEndpoint":{"serviceName":"third-party-api"}}]
        """.formatted(micros(t), micros(t.plusMillis(500)));
    assertThat(sightline.post(sightline.server().httpPort(), "/api/v2/spans", "application/json",
        body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    TraceAssertions.awaitTrace(sightline, "00000000000000005e441824ec2b6a45", 2);

    HttpResponse<String> r = sightline.get("/api/traces/00000000000000005e441824ec2b6a45/analysis");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode analysis = TraceAssertions.JSON.readTree(r.body());
    String explanation = analysis.get("explanation").get("text").asText();
    assertThat(explanation).contains("9.1 s of 10.0 s (91%)").contains("shipping").contains("third-party-api");
    assertThat(analysis.get("gaps").get(0).get("durationNanos").asLong()).isEqualTo(9_100_000_000L);
    assertThat(sightline.get("/api/traces/0123456789abcdef0123456789abcdef/analysis").statusCode()).isEqualTo(404);
  }
}
