package dev.sightline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real orchestrator against the built Sightline server jar and the OpenTelemetry agent (build
 * first: {@code mvn -pl sightline-demo -am install -DskipTests}) and checks the story through Sightline's
 * HTTP APIs. Takes about a minute and a half; uses the demo's fixed ports (7070, 4318, 8081-8084).
 */
@Tag("demo")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
  private static final String SIGHTLINE = "http://127.0.0.1:7070";
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  static Path tmp;
  private static Process orchestrator;
  private static final List<ProcessHandle> tree = new ArrayList<>();
  private static final AtomicReference<String> slowTrace = new AtomicReference<>();

  @BeforeAll
  static void startDemo() throws Exception {
    Path serverJar = copyServer();
    Path agent = MODULE.resolve("target/opentelemetry-javaagent.jar");
    assertThat(agent).as("the agent is copied by the build (process-resources)").isRegularFile();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = MODULE.resolve("target/classes") + File.pathSeparator + MODULE.resolve("target/lib") + File.separator + "*";
    orchestrator = new ProcessBuilder(java, "-cp", cp, Demo.class.getName(), "--server-jar", serverJar.toString(),
        "--agent", agent.toString(), "--config", MODULE.resolveSibling("examples/demo/sightline.yaml").toString(),
        "--data-dir", tmp.resolve("data").toString(), "--run-for", "300s", "--no-input")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("demo.out").toFile()).start();
    await("the demo's guide is printed").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          if (!orchestrator.isAlive()) {
            throw new AssertionError("the orchestrator exited: " + output() + "\nprocess logs:\n" + logTails());
          }
          return output().contains("Sightline demo is running");
        });
  }

  @AfterAll
  static void stopDemo() throws Exception {
    if (orchestrator == null) {
      return;
    }
    orchestrator.descendants().forEach(tree::add);
    // SIGKILL: no shutdown hook runs, so this proves every child watches the orchestrator's pid.
    orchestrator.destroyForcibly().waitFor();
    try {
      await("every demo process exits with the orchestrator").atMost(Duration.ofSeconds(30))
          .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    assertThat(tree).as("the demo started Sightline, 3 shippers + services, the stub and the load").hasSizeGreaterThanOrEqualTo(9);
  }

  @Test
  @Order(1)
  void aSlowCheckoutIsExplainedByTheWaitOnTheThirdPartyApi() throws Exception {
    await("a checkout trace of at least 9 s").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          JsonNode traces = get("/api/traces?service=checkout&minDuration=9s").path("traces");
          assertThat(traces).isNotEmpty();
          slowTrace.set(traces.get(0).path("traceId").asText());
        });
    // Each service exports its spans on its own schedule: checkout's root can be stored before shipping's
    // spans arrive, and the analysis of a trace without them blames checkout. Wait for the whole trace.
    await("the slow trace's analysis, once shipping's spans are in").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          JsonNode analysis = get("/api/traces/" + slowTrace.get() + "/analysis");
          JsonNode largest = null;
          for (JsonNode gap : analysis.path("gaps")) {
            if (largest == null || gap.path("durationNanos").asLong() > largest.path("durationNanos").asLong()) {
              largest = gap;
            }
          }
          assertThat(largest).as("gaps of %s", analysis).isNotNull();
          assertThat(largest.path("service").asText()).isEqualTo("shipping");
          assertThat(largest.path("peer").asText()).isEqualTo("carrier-api");
          assertThat(largest.path("durationNanos").asLong()).isGreaterThanOrEqualTo(8_500_000_000L);
          assertThat(analysis.path("explanation").path("service").asText()).isEqualTo("shipping");
        });
  }

  @Test
  @Order(2)
  void theSlowTracesLogLinesComeFromThreeServicesAndCarryItsTraceId() {
    String traceId = slowTrace.get();
    assertThat(traceId).as("set by the slow-trace test").isNotNull();
    await("the trace's log lines are shipped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          JsonNode result = post("/api/query", "{\"query\":\"" + traceId + "\"}");
          Set<String> services = new HashSet<>();
          int logLines = 0;
          for (JsonNode row : result.path("rows")) {
            if (!"logs".equals(row.path("dataset").asText())) {
              continue; // a span of the trace, not a log line
            }
            logLines++;
            assertThat(row.path("trace_id").asText()).isEqualTo(traceId);
            services.add(row.path("service").asText());
          }
          assertThat(logLines).as("log lines in %s", result).isGreaterThanOrEqualTo(3);
          assertThat(services).contains("checkout", "inventory", "shipping");
        });
  }

  @Test
  @Order(3)
  void everyInstrumentedServiceHasSpanDerivedGoldenSignals() {
    await("span metrics flushed (every 15 s)").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          for (String service : List.of("checkout", "inventory", "shipping")) {
            JsonNode calls = get("/api/v1/query?query=" + encode("traces_span_metrics_calls_total{service_name=\"" + service + "\"}"));
            assertThat(calls.path("data").path("result")).as("calls of %s", service).isNotEmpty();
            JsonNode latency = get("/api/v1/query?query="
                + encode("traces_span_metrics_duration_seconds_count{service_name=\"" + service + "\"}"));
            assertThat(latency.path("data").path("result")).as("latency of %s", service).isNotEmpty();
          }
        });
  }

  @Test
  @Order(4)
  void duringAWarehouseOutageInventoryIsAliveButNotReady() throws Exception {
    assertThat(status("http://127.0.0.1:8082/health/ready")).isEqualTo(200);
    HttpResponse<String> toggled = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8082/admin/db?down=true"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(toggled.body()).contains("\"warehouse_db_down\":true");
    try {
      await("the service's own probes").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(status("http://127.0.0.1:8082/health/ready")).isEqualTo(503);
        assertThat(status("http://127.0.0.1:8082/health/live")).isEqualTo(200);
      });
      await("Sightline's prober sees it").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> {
            JsonNode targets = get("/api/health/targets").path("targets");
            assertThat(state(targets, "inventory", "ready")).isEqualTo("DOWN");
            assertThat(state(targets, "inventory", "live")).isEqualTo("UP");
          });
    } finally {
      HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8082/admin/db?down=false"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  @Test
  @Order(5)
  void theDemoRulesLoadAndHighLatencyFires() {
    await("HighLatency fires after a stalled checkout").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          Set<String> rules = new HashSet<>();
          for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
              rules.add(rule.path("name").asText());
              assertThat(rule.path("lastError").asText()).as("rule %s", rule.path("name")).isEmpty();
            }
          }
          assertThat(rules).contains("HighErrorRate", "HighLatency", "ServiceNotReady");
          List<String> firing = new ArrayList<>();
          for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            if ("firing".equals(alert.path("state").asText())) {
              firing.add(alert.path("labels").path("alertname").asText());
            }
          }
          assertThat(firing).contains("HighLatency");
        });
  }

  private static String state(JsonNode targets, String name, String kind) {
    for (JsonNode t : targets) {
      if (name.equals(t.path("name").asText()) && kind.equals(t.path("kind").asText())) {
        return t.path("state").asText();
      }
    }
    return "absent";
  }

  /** The server jar and its lib/ copied aside: other builds may rewrite sightline-server/target meanwhile. */
  private static Path copyServer() throws IOException {
    Path target = MODULE.resolveSibling("sightline-server/target");
    Path jar;
    try (Stream<Path> s = Files.list(target)) {
      jar = s.filter(p -> p.getFileName().toString().matches("sightline-server-[^-]+(-SNAPSHOT)?\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no sightline-server jar in " + target
              + ": build first with mvn -pl sightline-demo -am install -DskipTests"));
    }
    Path dir = Files.createDirectories(tmp.resolve("server"));
    Files.copy(jar, dir.resolve(jar.getFileName()));
    Files.createDirectories(dir.resolve("lib"));
    try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
      for (Path lib : (Iterable<Path>) libs::iterator) {
        Files.copy(lib, dir.resolve("lib").resolve(lib.getFileName()));
      }
    }
    return dir.resolve(jar.getFileName());
  }

  private static String output() throws IOException {
    return Files.readString(tmp.resolve("demo.out"));
  }

  /** The last lines of every process's output, for a failure message. */
  private static String logTails() throws IOException {
    StringBuilder sb = new StringBuilder();
    if (!Files.isDirectory(tmp.resolve("data/logs"))) {
      return "(none)";
    }
    try (Stream<Path> logs = Files.list(tmp.resolve("data/logs"))) {
      for (Path log : (Iterable<Path>) logs.sorted()::iterator) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        sb.append("== ").append(log.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
      }
    }
    return sb.toString();
  }

  private static int status(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(SIGHTLINE + path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(SIGHTLINE + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
