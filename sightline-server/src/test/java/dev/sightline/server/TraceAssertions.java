package dev.sightline.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Reads traces back through the public HTTP API, waiting (bounded) for near-real-time visibility. */
final class TraceAssertions {
  static final ObjectMapper JSON = new ObjectMapper();

  private TraceAssertions() {}

  /** The trace JSON once it has {@code expectedSpans} spans; fails after 10 s. */
  static JsonNode awaitTrace(SightlineExtension s, String traceId, int expectedSpans) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      HttpResponse<String> r = s.get("/api/traces/" + traceId);
      if (r.statusCode() != 200) {
        return false;
      }
      JsonNode n = JSON.readTree(r.body());
      found.set(n);
      return n.get("spans").size() >= expectedSpans;
    });
    return found.get();
  }

  static JsonNode span(JsonNode trace, String name) {
    for (JsonNode s : trace.get("spans")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no span named " + name + " in " + trace);
  }
}
