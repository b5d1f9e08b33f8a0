package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.model.metric.Labels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against Prometheus Alertmanager 0.25 (Debian package {@code prometheus-alertmanager}):
 * for the same routing config and alert label sets, the receivers {@code amtool config routes test}
 * prints, and the groups (receiver + group labels + members) a running Alertmanager reports at
 * {@code /api/v2/alerts/groups}, must equal Sightline's. Skips when the package is not installed.
 */
@Tag("alertmanager")
class AlertmanagerRoutingIT {
  private static final Path AMTOOL = Path.of("/usr/bin/amtool");
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Config resources; {@code tracing:} is cut from simple.yml because 0.25 predates it. */
  private static final List<String> CONFIGS = List.of("doc/examples/simple.yml", "config-testdata/conf.good.yml",
      "routing-differential.yml");

  private static final List<Map<String, String>> LABEL_SETS = List.of(
      Map.of("alertname", "A", "service", "foo1", "severity", "critical", "cluster", "c1"),
      Map.of("alertname", "A", "service", "foo2", "severity", "warning"),
      Map.of("alertname", "B", "service", "files", "severity", "critical"),
      Map.of("alertname", "B", "service", "files"),
      Map.of("alertname", "C", "service", "database", "owner", "team-X", "database", "db1"),
      Map.of("alertname", "C", "service", "database", "owner", "team-Y", "owner2", "team-X", "database", "db2"),
      Map.of("alertname", "C", "service", "database", "owner2", "team-X"),
      Map.of("alertname", "D", "severity", "critical", "env", "prod", "team", "payments", "service", "api"),
      Map.of("alertname", "D", "severity", "page", "env", "dev", "service", "web", "region", "eu-west"),
      Map.of("alertname", "E", "service", "web", "team", "web", "env", "prod"),
      Map.of("alertname", "E", "service", "api", "team", "x", "cluster", "c2", "env", "prod"),
      Map.of("alertname", "F", "cluster", "c3"),
      Map.of("alertname", "F", "service", "baz", "severity", "critical", "env", "staging"));

  @TempDir
  static Path tmp;

  @BeforeAll
  static void requireAlertmanager() {
    Assumptions.assumeTrue(Files.isExecutable(AMTOOL) && Files.isExecutable(ALERTMANAGER),
        "Alertmanager 0.25 not installed: apt-get install -y --no-install-recommends prometheus-alertmanager");
  }

  static Stream<Arguments> configs() {
    return CONFIGS.stream().map(Arguments::of);
  }

  private static Path materialise(String resource) throws IOException {
    String yaml = ConfigFixturesTest.read(resource);
    int tracing = yaml.indexOf("\ntracing:");
    if (tracing >= 0) {
      yaml = yaml.substring(0, tracing + 1);
    }
    Path file = tmp.resolve(resource.replace('/', '_'));
    Files.writeString(file, yaml);
    return file;
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s", cmd).isZero();
    return out.strip();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void receiversMatchAmtool(String resource) throws Exception {
    Path file = materialise(resource);
    Dispatcher d = Dispatcher.builder(NotifyConfigParser.parseFile(file)).build();
    for (Map<String, String> labels : LABEL_SETS) {
      List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "config", "routes", "test", "--config.file=" + file));
      new TreeMap<>(labels).forEach((k, v) -> cmd.add(k + "=" + v));
      List<String> expected = List.of(run(cmd).split(","));
      List<String> ours = d.routes(Labels.ofMap(labels)).stream().map(RouteDecision::receiver).toList();
      assertThat(ours).as("receivers for %s in %s", labels, resource).isEqualTo(expected);
    }
  }

  /** receiver + group labels + member label sets, as both sides report them. */
  private record Group(String receiver, Map<String, String> groupLabels, Set<String> members) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void groupsMatchARunningAlertmanager(String resource) throws Exception {
    Path file = materialise(resource);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path storage = Files.createDirectories(tmp.resolve("am-" + port));
    Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + file, "--storage.path=" + storage,
        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(storage.resolve("alertmanager.log").toFile()).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + port);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
          http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode() == 200);
      Instant now = Instant.now();
      List<Alert> alerts = LABEL_SETS.stream().map(l -> new Alert(Labels.ofMap(l), Map.of(), now.minusSeconds(5),
          now.plus(Duration.ofHours(1)), "", 1)).toList();
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(AlertmanagerForwarder.body(alerts)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(post.body()).isEqualTo(200);

      Dispatcher d = Dispatcher.builder(NotifyConfigParser.parseFile(file)).clock(Clock.systemUTC()).build();
      d.send(alerts);
      Set<Group> ours = new java.util.HashSet<>();
      for (AlertGroup g : d.groups()) {
        Set<String> members = new TreeSet<>();
        g.alerts().forEach(a -> members.add(new TreeMap<>(a.labels()).toString()));
        ours.add(new Group(g.receiver(), new TreeMap<>(g.groupLabels()), members));
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode groups = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts/groups")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        Set<Group> theirs = new java.util.HashSet<>();
        for (JsonNode g : groups) {
          Set<String> members = new TreeSet<>();
          for (JsonNode a : g.get("alerts")) {
            members.add(new TreeMap<>(JSON.convertValue(a.get("labels"), Map.class)).toString());
          }
          @SuppressWarnings("unchecked")
          Map<String, String> gl = new TreeMap<>(JSON.convertValue(g.get("labels"), Map.class));
          theirs.add(new Group(g.get("receiver").get("name").asText(), gl, members));
        }
        assertThat(theirs).as("Alertmanager's groups").hasSizeGreaterThanOrEqualTo(5);
        assertThat(ours).as("groups for %s", resource).containsExactlyInAnyOrderElementsOf(theirs);
      });
    } finally {
      am.destroy();
      if (!am.waitFor(10, TimeUnit.SECONDS)) {
        am.destroyForcibly();
      }
    }
  }
}
