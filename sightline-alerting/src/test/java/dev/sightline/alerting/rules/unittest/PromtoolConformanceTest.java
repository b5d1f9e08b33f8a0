package dev.sightline.alerting.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * promtool's rule unit-test cases (cmd/promtool/testdata), with the exit codes promtool's own test
 * expects. Unsupported cases are listed with reasons in rules/UNSUPPORTED.md.
 */
class PromtoolConformanceTest {
  static final Path DIR = Path.of("src/test/resources/rules/unittest");

  @TempDir
  Path work;

  RuleTestRunner runner() {
    return RuleTestRunner.builder().skipNativeHistograms(true).workDir(work).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("unittest.yml", 0),
        Arguments.of("long-period.yml", 0),
        Arguments.of("no-test-group-interval.yml", 0),
        Arguments.of("start-time-test.yml", 0),
        Arguments.of("at-modifier-test.yml", 0),
        Arguments.of("negative-offset-test.yml", 0),
        Arguments.of("bad-input-series.yml", 1),
        Arguments.of("bad-promql.yml", 1),
        Arguments.of("bad-rules-syntax-test.yml", 1),
        Arguments.of("bad-rules-error-test.yml", 1),
        Arguments.of("failing.yml", 1),
        Arguments.of("rules_run.yml", 1),
        Arguments.of("rules_run_fuzzy.yml", 1),
        Arguments.of("rules_run_no_fuzzy.yml", 1));
  }

  @ParameterizedTest(name = "{0} -> exit {1}")
  @MethodSource("cases")
  void exitCodesMatchPromtool(String file, int exit) {
    RuleTestResult r = runner().run(List.of(DIR.resolve(file)));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(exit);
    assertThat(r.output()).startsWith("Unit Testing:  " + DIR.resolve(file) + "\n")
        .contains(exit == 0 ? "  SUCCESS\n" : "  FAILED:\n");
  }

  @Test
  void runFilterSelectsTestGroups() {
    RuleTestResult r = RuleTestRunner.builder().run(List.of("correct")).workDir(work).build()
        .run(List.of(DIR.resolve("rules_run.yml")));
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void fuzzyCompareAcceptsOneUlpButNotThree() {
    RuleTestResult r = runner().run(List.of(DIR.resolve("rules_run_fuzzy.yml")));
    assertThat(r.output()).contains("name: wrong fuzzy match").doesNotContain("name: correct fuzzy match");
    RuleTestResult strict = runner().run(List.of(DIR.resolve("rules_run_no_fuzzy.yml")));
    assertThat(strict.output()).contains("name: correct fuzzy match");
  }

  @Test
  void failureOutputReadsLikePromtool() {
    String out = runner().run(List.of(DIR.resolve("failing.yml"))).output();
    assertThat(out).contains("""
            name: Failing test,
            expr: "test", time: 0s,
                exp: {__name__="test"} 1E+00
                got: {__name__="test"} 0E+00
        """.stripTrailing());
    assertThat(out).contains("    alertname: Test, time: 0s, \n        exp:[\n            0:\n"
        + "              Labels:{alertname=\"Test\"}\n              Annotations:{}\n            ], \n        got:[]");
    assertThat(out).contains("name: Failing alert test,\n    alertname: InstanceDown, time: 5m0s, \n        exp:[], \n"
        + "        got:[\n            0:\n              Labels:{alertname=\"InstanceDown\", job=\"test\", severity=\"page\"}");
  }

  @Test
  void errorsNameTheCause() {
    assertThat(runner().run(List.of(DIR.resolve("bad-rules-error-test.yml"))).output())
        .contains("    rule: joined, time: 0s, err: ").contains("many");
    assertThat(runner().run(List.of(DIR.resolve("bad-rules-syntax-test.yml"))).output())
        .contains("bad-rules-syntax.yml:7:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression");
    assertThat(runner().run(List.of(DIR.resolve("bad-input-series.yml"))).output()).contains("parse error");
    assertThat(runner().run(List.of(DIR.resolve("bad-promql.yml"))).output())
        .contains("expr: \"join_1 + on(a) join_2\", time: 0s, err: ");
  }

  @Test
  void histogramsAreRefusedUnlessSkipped() {
    RuleTestResult r = RuleTestRunner.builder().workDir(work).build().run(List.of(DIR.resolve("unittest.yml")));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("native histogram samples are not supported");
    assertThat(runner().run(List.of(DIR.resolve("unittest.yml"))).output())
        .contains("SKIPPED: unnamed#0: input series test_histogram (native histogram)");
  }

  @Test
  void malformedTestFilesFailWithTheReason() throws Exception {
    java.util.Map<String, String> cases = java.util.Map.of(
        "tests:\n  - input_series: [\n", "yaml:",
        "tests:\n  - intervall: 1m\n", "field intervall not found",
        "tests: 3\nrule_files: [nope.yml]\n", "no such file",
        "tests:\n  - input_series:\n      - series: up\n        values: 1+x\n", "invalid value",
        "evaluation_interval: forever\n", "not a valid duration string",
        "- a\n", "test file must be a mapping");
    for (var c : cases.entrySet()) {
      Path f = work.resolve("t" + Math.abs(c.getKey().hashCode()) + ".yml");
      java.nio.file.Files.writeString(f, c.getKey());
      RuleTestResult r = runner().run(List.of(f));
      assertThat(r.exitCode()).as(c.getKey()).isEqualTo(1);
      assertThat(r.output()).as(c.getKey()).contains(c.getValue());
    }
  }
}
