package dev.sightline.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {
  @TempDir
  Path dir;
  private String server;
  private String agent;
  private String config;

  @BeforeEach
  void files() throws IOException {
    server = Files.createFile(dir.resolve("sightline-server.jar")).toString();
    agent = Files.createFile(dir.resolve("opentelemetry-javaagent.jar")).toString();
    config = Files.createFile(dir.resolve("sightline.yaml")).toString();
  }

  @Test
  void parsesEveryOption() {
    DemoOptions o = DemoOptions.parse(new String[] {"--server-jar", server, "--agent", agent, "--config", config,
        "--data-dir", dir.resolve("data").toString(), "--run-for", "70s", "--no-input"});
    assertThat(o.serverJar()).isEqualTo(Path.of(server).toAbsolutePath());
    assertThat(o.agentJar()).isEqualTo(Path.of(agent).toAbsolutePath());
    assertThat(o.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(o.runFor()).isEqualTo(Duration.ofSeconds(70));
    assertThat(o.readInput()).isFalse();
  }

  @Test
  void runsUntilCtrlCAndReadsKeysByDefault() {
    DemoOptions o = DemoOptions.parse(new String[] {"--server-jar", server, "--agent", agent, "--config", config});
    assertThat(o.runFor()).isNull();
    assertThat(o.readInput()).isTrue();
  }

  @Test
  void missingJarsAreNamed() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--agent", agent, "--config", config}))
        .hasMessage("--server-jar and --agent are required");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--server-jar", dir.resolve("nope.jar").toString(),
        "--agent", agent, "--config", config}))
        .hasMessageContaining("nope.jar: no such file").hasMessageContaining("install -DskipTests");
  }

  @Test
  void truncatedCommandLineNamesTheOptionWithoutValue() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--server-jar", server, "--agent"}))
        .hasMessage("--agent: expected a value");
  }

  @Test
  void unknownOptionsAndBadDurationsAreRejected() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--server-jar", server, "--agent", agent, "--port", "1"}))
        .hasMessage("unknown option '--port'");
    for (String bad : new String[] {"0s", "-5s", "abc", "9999999999999999999999s", "70m", ""}) {
      assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--server-jar", server, "--agent", agent,
          "--config", config, "--run-for", bad}))
          .hasMessage("--run-for: expected a positive number of seconds such as 70s, got '" + bad + "'");
    }
  }
}
