package dev.sightline.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {
  final RuleFileParser parser = RuleFileParser.builder().build();

  List<RuleError> errors(String yaml) {
    List<RuleError> errs = new ArrayList<>();
    parser.parse("r.yml", yaml, errs);
    return errs;
  }

  @Test
  void readsEveryField() throws Exception {
    RuleFile f = parser.parse("r.yml", """
        groups:
          - name: api
            interval: 30s
            query_offset: 1m
            limit: 10
            labels: {team: checkout}
            rules:
              - alert: HighErrorRate
                expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01
                for: 2m
                keep_firing_for: 5m
                labels: {severity: critical}
                annotations:
                  summary: "{{ $value | humanizePercentage }} errors"
              - record: job:up:sum
                expr: sum by (job) (up)
        """);
    RuleGroupConfig g = f.groups().get(0);
    assertThat(g.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(g.queryOffset()).isEqualTo(Duration.ofMinutes(1));
    assertThat(g.limit()).isEqualTo(10);
    assertThat(g.labels()).containsEntry("team", "checkout");
    RuleConfig a = g.rules().get(0);
    assertThat(a.isAlerting()).isTrue();
    assertThat(a.forDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(a.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.line()).isEqualTo(8);
    assertThat(g.rules().get(1).record()).isEqualTo("job:up:sum");
  }

  @Test
  void exprErrorsCarryThePromqlPosition() {
    List<RuleError> e = errors("""
        groups:
          - name: g
            rules:
              - alert: A
                expr: sum(rate(x[5m])
        """);
    assertThat(e).singleElement().satisfies(err -> {
      assertThat(err.line()).isEqualTo(5);
      assertThat(err.group()).isEqualTo("g");
      assertThat(err.ruleIndex()).isEqualTo(1);
      assertThat(err.ruleName()).isEqualTo("A");
      assertThat(err.message()).startsWith("could not parse expression: 1:");
      assertThat(err.toString()).startsWith("r.yml:5:15: group \"g\", rule 1, \"A\": could not parse expression");
    });
  }

  @Test
  void templateErrorsAreReported() {
    List<RuleError> e = errors("""
        groups:
          - name: g
            rules:
              - alert: A
                expr: up == 0
                annotations:
                  summary: "Instance {{ $label.foo }} down"
                  description: "{{ .Labels.x "
        """);
    assertThat(e).extracting(RuleError::message).anySatisfy(m -> assertThat(m)
        .contains("template parse error").contains("undefined variable \"$label\""));
    assertThat(e).hasSize(2);
    assertThat(e.get(0).line()).isEqualTo(7);
  }

  @Test
  void badDurationsAndTypes() {
    List<RuleError> e = errors("""
        groups:
          - name: g
            interval: 5 minutes
            rules:
              - alert: A
                expr: up
                for: [1m]
                labels: "x"
        """);
    assertThat(e).extracting(RuleError::message).anySatisfy(m -> assertThat(m).contains("not a valid duration string"))
        .anySatisfy(m -> assertThat(m).contains("field for must be a string"))
        .anySatisfy(m -> assertThat(m).contains("labels must be a mapping"));
  }

  @Test
  void malformedTruncatedAndHostileYaml() {
    assertThat(errors("groups:\n  - name: g\n    rules: [\n")).singleElement()
        .satisfies(err -> assertThat(err.message()).startsWith("yaml:"));
    assertThat(errors("groups: 3")).singleElement()
        .satisfies(err -> assertThat(err.message()).contains("list of rule groups"));
    assertThat(errors("- a\n- b")).singleElement()
        .satisfies(err -> assertThat(err.message()).contains("rule file must be a mapping"));
    // A billion-laughs alias bomb is refused, not expanded.
    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      String p = String.valueOf((char) (c - 1));
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    assertThat(errors(bomb.toString())).isNotEmpty();
    assertThat(errors("groups:\n" + "  - ".repeat(1) + "[".repeat(200) + "]".repeat(200))).isNotEmpty();
    assertThat(errors("")).isEmpty();
  }

  @Test
  void duplicateKeysAndOversizedTemplates() {
    assertThat(errors("groups:\n  - name: g\n    name: h\n")).singleElement()
        .satisfies(err -> assertThat(err.message()).contains("mapping key \"name\" already defined at line 2"));
    String big = "x".repeat(70_000);
    assertThat(errors("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n"
        + "          s: \"{{ `" + big + "` }}\"\n")).singleElement()
        .satisfies(err -> assertThat(err.message()).contains("longer than"));
  }

  @Test
  void throwsWithAllErrors() {
    assertThatThrownBy(() -> parser.parse("r.yml", "groups:\n  - name: a\n  - name: a\n  - name: ''\n"))
        .isInstanceOfSatisfying(RuleFileException.class, e -> assertThat(e.errors()).hasSize(2));
  }
}
