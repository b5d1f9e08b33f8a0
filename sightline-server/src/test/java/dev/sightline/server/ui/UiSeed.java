package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.SightlineExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Seeded traces for the UI tests, sent as Zipkin v2 JSON through the real receiver. The checkout trace
 * is the seed's story in small: shipping's call to an uninstrumented third party is one long gap.
 */
final class UiSeed {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHECKOUT_TRACE = "5eed00000000000000000000c0ffee01";
  /** The checkout trace's spans in the order the waterfall must draw them (depth first, by start). */
  static final List<String> CHECKOUT_ORDER = List.of(
      "a000000000000001", "a000000000000002", "a000000000000003", "a000000000000004",
      "a000000000000005", "a000000000000006", "a000000000000007", "a000000000000009", "a000000000000008");
  /** Runs beside the slow call and ends long before it: not on the critical path. */
  static final String PARALLEL_SPAN = "a000000000000009";
  static final String GAP_SPAN = "a000000000000007";
  static final String ERROR_SPAN = "a000000000000008";

  private UiSeed() {}

  /** Sends the checkout trace, started {@code ago} before now, and waits until it reads back whole. */
  static void checkout(SightlineExtension s, Instant start) throws Exception {
    String t = "5eed00000000000000000000c0ffee01";
    String body = "[" + String.join(",",
        span(t, "a000000000000001", null, "frontend", "SERVER", "GET /checkout", start, 0, 1200, null),
        span(t, "a000000000000002", "a000000000000001", "frontend", "CLIENT", "POST /orders", start, 10, 1180, null),
        span(t, "a000000000000003", "a000000000000002", "checkout", "SERVER", "POST /orders", start, 15, 1170, null),
        span(t, "a000000000000004", "a000000000000003", "checkout", "CLIENT", "GET /stock", start, 25, 100, null),
        span(t, "a000000000000005", "a000000000000004", "inventory", "SERVER", "GET /stock", start, 30, 90, null),
        span(t, "a000000000000006", "a000000000000005", "inventory", null, "SELECT stock", start, 40, 60,
            "\"remoteEndpoint\":{\"serviceName\":\"inventory-db\"}"),
        span(t, "a000000000000007", "a000000000000003", "checkout", "CLIENT", "GET /rates", start, 130, 1000,
            "\"remoteEndpoint\":{\"serviceName\":\"third-party-api\"},\"tags\":{\"http.method\":\"GET\",\"peer.service\":\"third-party-api\"}"),
        span(t, "a000000000000009", "a000000000000003", "checkout", null, "read cart cache", start, 140, 60, null),
        span(t, "a000000000000008", "a000000000000003", "checkout", null, "charge card", start, 1140, 30,
            "\"tags\":{\"error\":\"card declined\"},\"annotations\":[{\"timestamp\":"
                + micros(start, 1150) + ",\"value\":\"retrying\"}]"))
        + "]";
    send(s, body);
    awaitSpans(s, CHECKOUT_TRACE, CHECKOUT_ORDER.size());
  }

  /** A trace of {@code count} spans: one root, 99 services' worth of fan-out, sent in batches. */
  static String large(SightlineExtension s, Instant start, int count) throws Exception {
    String t = "1a12ce00000000000000000000010000";
    StringBuilder batch = new StringBuilder();
    int inBatch = 0;
    for (int i = 0; i < count; i++) {
      String id = String.format("b%015x", i + 1);
      // Every span's parent is an earlier one (i/4): a tree four wide and about seven deep.
      String parent = i == 0 ? null : String.format("b%015x", i / 4 + 1);
      long offset = i == 0 ? 0 : (i % 997);
      long duration = i == 0 ? 3000 : 1 + (i % 13);
      batch.append(inBatch == 0 ? "[" : ",").append(span(t, id, parent, "svc-" + (i % 7), null,
          "op-" + i, start, offset, duration, null));
      inBatch++;
      if (inBatch == 1000 || i == count - 1) {
        send(s, batch.append("]").toString());
        batch.setLength(0);
        inBatch = 0;
      }
    }
    awaitSpans(s, t, count);
    return t;
  }

  private static String span(String traceId, String id, String parent, String service, String kind, String name,
                             Instant start, long offsetMillis, long durationMillis, String extra) {
    return "{\"traceId\":\"" + traceId + "\",\"id\":\"" + id + "\""
        + (parent == null ? "" : ",\"parentId\":\"" + parent + "\"")
        + (kind == null ? "" : ",\"kind\":\"" + kind + "\"")
        + ",\"name\":\"" + name + "\",\"timestamp\":" + micros(start, offsetMillis)
        + ",\"duration\":" + durationMillis * 1000
        + ",\"localEndpoint\":{\"serviceName\":\"" + service + "\"}"
        + (extra == null ? "" : "," + extra) + "}";
  }

  private static long micros(Instant start, long offsetMillis) {
    Instant t = start.plusMillis(offsetMillis);
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private static void send(SightlineExtension s, String body) throws Exception {
    HttpResponse<String> r = s.post(s.server().zipkinPort(), "/api/v2/spans", "application/json",
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static void awaitSpans(SightlineExtension s, String traceId, int count) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      HttpResponse<String> r = s.get("/api/traces/" + traceId);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode n = JSON.readTree(r.body());
      assertThat(n.get("spans").size()).isEqualTo(count);
    });
  }
}
