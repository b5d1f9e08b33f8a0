package dev.sightline.server.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.server.config.ConfigException;
import dev.sightline.server.config.ConfigLoader;
import dev.sightline.server.config.SightlineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probes:} in sightline.yaml: defaults, and every mistake named by its key. */
class ProbeConfigTest {
  @TempDir Path dir;

  static SightlineConfig load(String probes) throws ConfigException {
    return ConfigLoader.load(null, Map.of(), List.of("probes=" + probes)).config();
  }

  static List<String> problems(String probes) {
    try {
      load(probes);
      throw new AssertionError("expected the configuration to be refused: " + probes);
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Test
  void noProbesByDefault() throws Exception {
    assertThat(ConfigLoader.load(null, Map.of(), List.of()).config().probes()).isEmpty();
  }

  @Test
  void unsetFieldsTakeKubernetesLikeDefaults() throws Exception {
    ProbeConfig c = load("[{name: inventory, url: 'http://inventory:8081/health/ready'}]").probes().get(0);
    assertThat(c.kind()).isEqualTo("ready");
    assertThat(c.period()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.failureThreshold()).isEqualTo(3);
    assertThat(c.successThreshold()).isEqualTo(1);
    assertThat(c.initialDelay()).isZero();
    assertThat(c.labels()).isEmpty();
    ProbeTarget t = ProbeTarget.of(c);
    assertThat(t.instance()).isEqualTo("inventory:8081");
    assertThat(t.kind()).isEqualTo(ProbeKind.READY);
    assertThat(ProbeTarget.of(ProbeConfig.of("a", "https://a.example/health", ProbeKind.LIVE)).instance())
        .isEqualTo("a.example:443");
  }

  @Test
  void aFileWithEveryFieldBinds() throws Exception {
    Path f = dir.resolve("sightline.yaml");
    Files.writeString(f, """
        probes:
          - name: inventory
            url: http://127.0.0.1:8081/health/live
            kind: live
            period: 5s
            timeout: 500ms
            failure_threshold: 5
            success_threshold: 2
            initial_delay: 30s
            labels: {env: demo}
        """);
    ProbeConfig c = ConfigLoader.load(f, Map.of(), List.of()).config().probes().get(0);
    assertThat(c).isEqualTo(new ProbeConfig("inventory", "http://127.0.0.1:8081/health/live", "live",
        Duration.ofSeconds(5), Duration.ofMillis(500), 5, 2, Duration.ofSeconds(30), Map.of("env", "demo")));
  }

  @Test
  void badValuesNameTheKey() {
    assertThat(problems("[{name: a, url: 'ftp://a/health'}]"))
        .containsExactly("probes[0].url: expected an http:// or https:// URL with a host, got 'ftp://a/health'");
    assertThat(problems("[{name: a, url: 'not a url'}]")).singleElement().asString().startsWith("probes[0].url:");
    assertThat(problems("[{name: a}]")).containsExactly(
        "probes[0].url: expected an http:// or https:// URL with a host, got 'null'");
    assertThat(problems("[{url: 'http://a/h'}]")).containsExactly("probes[0].name: expected the service's name");
    assertThat(problems("[{name: a, url: 'http://a/h', kind: readiness}]"))
        .containsExactly("probes[0].kind: expected live, ready or started, got 'readiness'");
    assertThat(problems("[{name: a, url: 'http://a/h', failure_threshold: 0, success_threshold: -1}]"))
        .containsExactly("probes[0].failure_threshold: expected at least 1, got 0",
            "probes[0].success_threshold: expected at least 1, got -1");
    assertThat(problems("[{name: a, url: 'http://a/h'}, {name: b, url: 'http://b/h', period: 1s, timeout: 5s}]"))
        .containsExactly("probes[1].timeout: 5s is longer than period 1s; a probe must finish before the next one"
            + " starts");
    assertThat(problems("[{name: a, url: 'http://a/h', labels: {service: x, 'bad-name': y}}]"))
        .containsExactlyInAnyOrder("probes[0].labels.service: set by the prober itself; choose another name",
            "probes[0].labels.bad-name: not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
  }

  @Test
  void nameAndKindMustBeUnique() throws Exception {
    assertThat(problems("[{name: a, url: 'http://a/r'}, {name: a, url: 'http://a/r2', kind: ready}]"))
        .containsExactly("probes[1]: service 'a' already has a ready probe; name and kind must be unique");
    assertThat(load("[{name: a, url: 'http://a/r'}, {name: a, url: 'http://a/l', kind: live}]").probes()).hasSize(2);
  }

  @Test
  void wrongTypesAndUnknownKeysAreRefusedWithThePath() throws Exception {
    assertThatThrownBy(() -> load("[{name: a, url: 'http://a/h', period: often}]"))
        .hasMessageContaining("probes[0].period");
    assertThatThrownBy(() -> load("[{name: a, url: 'http://a/h', failure_threshold: many}]"))
        .hasMessageContaining("probes[0].failure_threshold").hasMessageContaining("expected an integer");
    Path f = dir.resolve("typo.yaml");
    Files.writeString(f, "probes:\n  - name: a\n    url: http://a/h\n    timout: 1s\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), List.of()))
        .hasMessageContaining("unknown key 'probes[0].timout'");
  }
}
