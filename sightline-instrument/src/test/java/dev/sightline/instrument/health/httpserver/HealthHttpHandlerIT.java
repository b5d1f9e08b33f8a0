package dev.sightline.instrument.health.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.instrument.health.HealthRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real JDK HttpServer on an ephemeral port, probed with a real HTTP client. */
class HealthHttpHandlerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private final AtomicBoolean ratesUp = new AtomicBoolean(true);
  private HealthRegistry health;
  private HttpServer server;
  private HttpClient client;
  private String base;

  @BeforeEach
  void start() throws Exception {
    health = HealthRegistry.builder()
        .defaultCacheFor(Duration.ZERO)
        .readiness("database", () -> {
          if (!databaseUp.get()) {
            throw new IllegalStateException("FATAL: \"too many connections\"\n<retry later>");
          }
        })
        .readiness("rates-api", () -> {
          if (!ratesUp.get()) {
            throw new IllegalStateException("rates.example.com answered 502");
          }
        }, false)
        .build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HealthHttpHandler.register(server, health);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    health.close();
    client.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void allUp() throws Exception {
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(ready.headers().firstValue("cache-control")).hasValue("no-store");
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("checks")).hasSize(2);

    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(live.body()).get("checks")).isEmpty();
    assertThat(get("/health/started").statusCode()).isEqualTo(200);
  }

  @Test
  void nonCriticalDownIsDegraded200() throws Exception {
    ratesUp.set(false);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
    assertThat(body.get("checks").get(1).get("error").asText()).isEqualTo("rates.example.com answered 502");
  }

  @Test
  void criticalDownIs503WithTheReasonAndLivenessStays200() throws Exception {
    databaseUp.set(false);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("checks").get(0).get("error").asText())
        .isEqualTo("FATAL: \"too many connections\"\n<retry later>");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAreRejectedClearly() throws Exception {
    HttpResponse<String> missing = get("/health/whatever");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/health/ready");
    assertThat(get("/health").statusCode()).isEqualTo(404);
    assertThat(get("/health/ready/extra").statusCode()).isEqualTo(404);

    HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");

    HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }
}
