package dev.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("sightline.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void defaultsWorkWithNoFile() throws Exception {
    SightlineConfig c = ConfigLoader.load(null, Map.of(), List.of()).config();
    assertThat(c.server().httpPort()).isEqualTo(7070);
    assertThat(c.server().otlpGrpcPort()).isEqualTo(4317);
    assertThat(c.server().otlpHttpPort()).isEqualTo(4318);
    assertThat(c.server().zipkinPort()).isEqualTo(9411);
    assertThat(c.storage().dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void fileThenEnvironmentThenFlagsOverrideEachOther() throws Exception {
    Path f = write("""
        server:
          http_port: 8000
          zipkin_port: 9412
        storage:
          retention: 30d
          data_dir: /var/lib/sightline
        ingest:
          max_body_size: 4MiB
        """);
    SightlineConfig c = ConfigLoader.load(f,
        Map.of("SIGHTLINE_SERVER_HTTP_PORT", "8001", "SIGHTLINE_STORAGE_RETENTION", "14d", "PATH", "/bin"),
        List.of("server.http_port=8002")).config();
    assertThat(c.server().httpPort()).isEqualTo(8002);
    assertThat(c.server().zipkinPort()).isEqualTo(9412);
    assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(14));
    assertThat(c.storage().dataDir()).isEqualTo(Path.of("/var/lib/sightline"));
    assertThat(c.ingest().maxBodySize().bytes()).isEqualTo(4L << 20);
    assertThat(c.server().otlpGrpcPort()).isEqualTo(4317);
  }

  @Test
  void unknownKeyInFileIsRejectedWithFileLineAndPath() throws Exception {
    Path f = write("""
        server:
          http_port: 8000
          htp_port: 8001
        """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sightline.yaml:3:")
        .hasMessageContaining("unknown key 'server.htp_port'")
        .hasMessageContaining("http_port");
  }

  @Test
  void badValueIsRejectedWithPathAndExpectation() throws Exception {
    Path f = write("server:\n  http_port: eighty\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), List.of()))
        .hasMessageContaining("sightline.yaml:2:")
        .hasMessageContaining("server.http_port")
        .hasMessageContaining("expected an integer");

    Path g = write("storage:\n  retention: seven days\n");
    assertThatThrownBy(() -> ConfigLoader.load(g, Map.of(), List.of()))
        .hasMessageContaining("storage.retention")
        .hasMessageContaining("expected a duration");

    Path h = write("ingest:\n  max_body_size: huge\n");
    assertThatThrownBy(() -> ConfigLoader.load(h, Map.of(), List.of()))
        .hasMessageContaining("ingest.max_body_size")
        .hasMessageContaining("expected a size");
  }

  @Test
  void outOfRangeValuesNameTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("server.http_port=70000")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("server.http_port: expected a port from 0 to 65535, got 70000"));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("server.zipkin_port=7070")))
        .hasMessageContaining("share port 7070");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("storage.engine=rocksdb")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("storage.engine: expected lucene or chunks, got 'rocksdb'"));
  }

  @Test
  void theStorageEngineIsLuceneUnlessChunksIsChosen() throws Exception {
    assertThat(ConfigLoader.load(null, Map.of(), List.of()).config().storage().engine()).isEqualTo("lucene");
    assertThat(ConfigLoader.load(null, Map.of("SIGHTLINE_STORAGE_ENGINE", "chunks"), List.of()).config().storage()
        .engine()).isEqualTo("chunks");
  }

  @Test
  void unknownFlagKeyIsRejectedAndUnknownEnvironmentVariableOnlyWarns() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("server.nope=1")))
        .hasMessageContaining("unknown key 'server.nope'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("no-equals-sign")))
        .hasMessageContaining("expected key=value");
    ConfigLoader.Loaded l = ConfigLoader.load(null, Map.of("SIGHTLINE_NOPE", "1", "SIGHTLINE_JAVA_OPTS", "-Xmx1g"),
        List.of());
    assertThat(l.warnings()).containsExactly("environment variable SIGHTLINE_NOPE names no configuration key; ignored");
  }

  @Test
  void malformedYamlAndMissingFileAreClear() throws Exception {
    Path f = write("server: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), List.of())).hasMessageContaining("sightline.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), List.of()))
        .hasMessageContaining("missing.yaml: no such file");
    Path empty = write("");
    assertThat(ConfigLoader.load(empty, Map.of(), List.of()).config()).isEqualTo(SightlineConfig.defaults());
  }

  @Test
  void defaultsRoundTripThroughYaml() throws Exception {
    Path f = write(ConfigLoader.toYaml(SightlineConfig.defaults()));
    assertThat(ConfigLoader.load(f, Map.of(), List.of()).config()).isEqualTo(SightlineConfig.defaults());
  }

  @Test
  void theShippedExampleConfigurationLoads() throws Exception {
    SightlineConfig c = ConfigLoader.load(Path.of("../examples/sightline.yaml"), Map.of(), List.of()).config();
    assertThat(c.scrapeConfigs()).hasSize(1);
    assertThat(c.logMetrics().get(0).name()).isEqualTo("payment_failures_total");
    assertThat(c.storage().datasets().get("logs").perService()).containsEntry("payment", Duration.ofDays(365));
    assertThat(c.alerting().get("route").get("receiver").asText()).isEqualTo("chat");
    assertThat(c.tailSampling().enabled()).isFalse();
  }
}
