package dev.sightline.alerting.rules.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.alerting.rules.NameValidation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCheckerTest {
  static final String SEED = """
      groups:
        - name: seed
          rules:
            - alert: HighErrorRate
              expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01
              for: 2m
              labels: {severity: critical}
            - alert: HighLatency
              expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2.0
              for: 5m
              labels: {severity: warning}
      """;

  List<LintWarning> lint(String expr, String severity, String forD) {
    String yaml = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: '" + expr + "'\n"
        + (forD == null ? "" : "        for: " + forD + "\n") + "        labels: {severity: " + severity + "}\n";
    RuleChecker.FileCheck c = RuleChecker.defaults().check("r.yml", yaml);
    assertThat(c.errors()).isEmpty();
    return c.warnings();
  }

  List<String> codes(String expr, String severity, String forD) {
    return lint(expr, severity, forD).stream().map(LintWarning::code).toList();
  }

  @Test
  void seedRulesAreClean() {
    RuleChecker.FileCheck c = RuleChecker.defaults().check("seed.yml", SEED);
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings()).isEmpty();
    assertThat(c.rules()).isEqualTo(2);
  }

  @Test
  void pagingOnCausesIsFlaggedButNotSymptomsOrWarnings() {
    assertThat(codes("100 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}[5m])) * 100 > 90", "critical", "10m"))
        .containsExactly("pages-on-cause");
    assertThat(codes("container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.9", "page", "5m"))
        .isEmpty(); // container_spec_* is not on the cause list: no guessing
    assertThat(codes("rate(jvm_gc_pause_seconds_sum[5m]) > 0.5", "page", "5m")).containsExactly("pages-on-cause");
    assertThat(codes("node_load1 > 8", "warning", "5m")).isEmpty();
    assertThat(codes("node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1 and on(instance) up == 1",
        "critical", "5m")).isEmpty(); // a symptom metric beside it
    assertThat(lint("node_load15 > 4", "critical", "5m").get(0).message()).contains("[node_load15]");
  }

  @Test
  void missingForIsFlagged() {
    assertThat(codes("up == 0", "warning", null)).containsExactly("no-for");
    assertThat(lint("up == 0", "warning", null).get(0).line()).isEqualTo(4);
  }

  @Test
  void neverTrueExpressions() {
    assertThat(codes("vector(1) > 2", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("vector(2) > 1", "warning", "1m")).isEmpty();
    assertThat(codes("up > +Inf", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("up > Inf", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("absent(up{job=\"a\"}) == 2", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("absent(up{job=\"a\"}) == 1", "warning", "1m")).isEmpty();
    assertThat(codes("http_requests_total < 0", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("rate(http_requests_total{code=\"500\"}[5m]) < 0", "warning", "1m")).containsExactly("never-true");
    assertThat(codes("temperature_celsius < 0", "warning", "1m")).isEmpty();
    assertThat(codes("delta(http_requests_total[5m]) < 0", "warning", "1m")).isEmpty();
    assertThat(codes("up > bool 2", "warning", "1m")).isEmpty();
    assertThat(codes("(up > 1) > 2 or vector(1) > 3", "warning", "1m")).isEmpty();
  }

  @Test
  void checkOutputAndExitCodes() {
    Path dir = Path.of("src/test/resources/rules");
    RuleChecker.Result r = RuleChecker.defaults().check(List.of(dir.resolve("unittest/rules.yml"),
        dir.resolve("unittest/rules-bad.yml"), dir.resolve("unittest/rules_duplicates.yml")));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("Checking " + dir.resolve("unittest/rules.yml") + "\n")
        .contains("  SUCCESS: 5 rules found")
        .contains(dir.resolve("unittest/rules-bad.yml") + ":12:20: group \"alerts\", rule 1, \"InstanceDown\": "
            + "annotation summary: template parse error: template: __alert_InstanceDown:1: undefined variable \"$label\"")
        .contains("duplicate rule");
    RuleChecker.Result ok = RuleChecker.of(NameValidation.UTF8, true).check(List.of(dir.resolve("unittest/rules.yml")));
    assertThat(ok.exitCode()).isEqualTo(3); // AlwaysFiring has no for, and lint is fatal
    assertThat(RuleChecker.defaults().check(List.of(dir.resolve("nope.yml"))).output()).contains("error reading file");
  }
}
