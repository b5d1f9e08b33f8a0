package dev.sightline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandsTest {
  @TempDir Path dir;

  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Run(SightlineCli.run(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void checkRulesAcceptsTheShippedExampleAndNamesTheLineOfABrokenOne() throws Exception {
    Run ok = run("check", "rules", "../examples/rules/service-health.yml", "../examples/rules/golden-signals.yml",
        "../examples/rules/log-patterns.yml");
    assertThat(ok.code()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("SUCCESS");

    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: sum(rate(x[5m])\n");
    Run failed = run("check", "rules", bad.toString());
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.out()).contains("bad.yml:5");
  }

  @Test
  void testRulesRunsPromtoolStyleUnitTests() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: g
            rules:
              - alert: Down
                expr: up == 0
                for: 1m
                labels: {severity: critical}
        """);
    Files.writeString(dir.resolve("test.yml"), """
        rule_files: [rules.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'up{job="api"}'
                values: '0 0 0 0'
            alert_rule_test:
              - eval_time: 2m
                alertname: Down
                exp_alerts:
                  - exp_labels: {severity: critical, job: api}
        """);
    Run r = run("test", "rules", dir.resolve("test.yml").toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("SUCCESS");
  }
}
