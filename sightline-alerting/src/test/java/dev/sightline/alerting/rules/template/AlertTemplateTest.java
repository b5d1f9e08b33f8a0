package dev.sightline.alerting.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected outputs are Prometheus's (template_test.go and the docs' template examples). */
class AlertTemplateTest {
  static String run(String text, Map<String, String> labels, double value) throws TemplateException {
    return AlertTemplate.parse("test", text).execute(TemplateContext.of(labels, value));
  }

  static String run(String text) throws TemplateException {
    return run(text, Map.of(), 0);
  }

  @Test
  void labelsValueAndExternalLabels() throws Exception {
    Map<String, String> l = Map.of("instance", "localhost:9090", "job", "prometheus");
    assertThat(run("{{ $labels.instance }} of job {{ $labels.job }} has been down", l, 0))
        .isEqualTo("localhost:9090 of job prometheus has been down");
    assertThat(run("{{ .Labels.job }}={{ .Value }}", l, 0.5)).isEqualTo("prometheus=0.5");
    assertThat(run("{{ $value }}", l, 1234567)).isEqualTo("1.234567e+06");
    assertThat(run("{{ $value }}", l, 100000)).isEqualTo("100000");
    assertThat(run("{{ $labels.missing }}|", l, 0)).isEqualTo("|");
    TemplateContext c = new TemplateContext(l, 1, Map.of("cluster", "eu1"), "http://prom:9090", Instant.EPOCH, null);
    assertThat(AlertTemplate.parse("t", "{{ $externalLabels.cluster }} {{ $externalURL }} {{ externalURL }}")
        .execute(c)).isEqualTo("eu1 http://prom:9090 http://prom:9090");
  }

  @Test
  void humanizeFamily() throws Exception {
    assertThat(run("{{ humanize 1234567.0 }}")).isEqualTo("1.235M");
    assertThat(run("{{ humanize 0.0012 }}")).isEqualTo("1.2m");
    assertThat(run("{{ humanize 0 }}")).isEqualTo("0");
    assertThat(run("{{ humanize 12 }}")).isEqualTo("12");
    assertThat(run("{{ 1048576 | humanize1024 }}")).isEqualTo("1Mi");
    assertThat(run("{{ humanize1024 0.5 }}")).isEqualTo("0.5");
    assertThat(run("{{ humanizeDuration 60 }}")).isEqualTo("1m 0s");
    assertThat(run("{{ humanizeDuration 3601.5 }}")).isEqualTo("1h 0m 1s");
    assertThat(run("{{ humanizeDuration 90061 }}")).isEqualTo("1d 1h 1m 1s");
    assertThat(run("{{ humanizeDuration 1.5 }}")).isEqualTo("1.5s");
    assertThat(run("{{ humanizeDuration 0.0012 }}")).isEqualTo("1.2ms");
    assertThat(run("{{ humanizeDuration 0 }}")).isEqualTo("0s");
    assertThat(run("{{ humanizePercentage 0.0123456 }}")).isEqualTo("1.235%");
    assertThat(run("{{ humanizePercentage 1 }}")).isEqualTo("100%");
    assertThat(run("{{ humanizeTimestamp 1435065584.128 }}")).isEqualTo("2015-06-23 13:19:44.128 +0000 UTC");
    assertThat(run("{{ \"1234567\" | humanize }}")).isEqualTo("1.235M");
    assertThat(run("{{ humanize \"NaN\" }}")).isEqualTo("NaN");
  }

  @Test
  void printfAndStringFunctions() throws Exception {
    assertThat(run("{{ printf \"%.2f\" $value }}", Map.of(), 3.14159)).isEqualTo("3.14");
    assertThat(run("{{ printf \"%s is %d%%\" \"cpu\" 5 }}")).isEqualTo("cpu is 5%");
    assertThat(run("{{ printf \"%d\" $value }}", Map.of(), 1.5)).isEqualTo("%!d(float64=1.5)");
    assertThat(run("{{ printf \"%5.1f|%-4s|\" 2.25 \"a\" }}")).isEqualTo("  2.2|a   |");
    assertThat(run("{{ printf \"%.4g\" 123456.0 }}")).isEqualTo("1.235e+05");
    assertThat(run("{{ \"aBc\" | toUpper }} {{ toLower \"aBc\" }} {{ title \"hello world\" }}"))
        .isEqualTo("ABC abc Hello World");
    assertThat(run("{{ reReplaceAll \"localhost:(.*)\" \"foo:$1\" \"localhost:9090\" }}")).isEqualTo("foo:9090");
    assertThat(run("{{ match \"^a+$\" \"aaa\" }} {{ match \"^b\" \"aaa\" }}")).isEqualTo("true false");
    assertThat(run("{{ stripPort \"foo.example.com:9090\" }} {{ stripDomain \"foo.example.com:9090\" }}"))
        .isEqualTo("foo.example.com foo:9090");
    assertThat(run("{{ printf \"%s\" }}")).isEqualTo("%!s(MISSING)");
    assertThat(run("{{ len \"abc\" }} {{ index .Labels \"a\" }}", Map.of("a", "x"), 0)).isEqualTo("3 x");
    assertThat(run("{{ html \"<b>\" }}")).isEqualTo("&lt;b&gt;");
  }

  @Test
  void controlStructures() throws Exception {
    String t = "{{ if gt $value 0.9 }}high{{ else if gt $value 0.5 }}medium{{ else }}low{{ end }}";
    assertThat(run(t, Map.of(), 0.95)).isEqualTo("high");
    assertThat(run(t, Map.of(), 0.6)).isEqualTo("medium");
    assertThat(run(t, Map.of(), 0.1)).isEqualTo("low");
    assertThat(run("{{ with $labels.team }}team {{ . }}{{ else }}no team{{ end }}", Map.of("team", "a"), 0))
        .isEqualTo("team a");
    assertThat(run("{{ with $labels.team }}team {{ . }}{{ else }}no team{{ end }}", Map.of(), 0))
        .isEqualTo("no team");
    assertThat(run("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", Map.of("b", "2", "a", "1"), 0))
        .isEqualTo("a=1;b=2;");
    assertThat(run("a  {{- \" b \" -}}  c")).isEqualTo("a b c");
    assertThat(run("{{/* a comment */}}x")).isEqualTo("x");
    assertThat(run("{{ $x := 3 }}{{ if true }}{{ $x = 4 }}{{ end }}{{ $x }}")).isEqualTo("4");
    assertThat(run("{{ if and (eq $labels.a \"1\") (not false) }}y{{ end }}", Map.of("a", "1"), 0)).isEqualTo("y");
  }

  @Test
  void queryFunctionsFromPrometheusDocs() throws Exception {
    TemplateContext.Query q = (expr, t) -> switch (expr) {
      case "up" -> List.of(new TemplateSample(Map.of("__name__", "up", "instance", "b:9090"), 1),
          new TemplateSample(Map.of("__name__", "up", "instance", "a:9090"), 0));
      case "vector(11)" -> List.of(new TemplateSample(Map.of(), 11));
      default -> throw new IllegalArgumentException("1:1: parse error: bad");
    };
    TemplateContext c = new TemplateContext(Map.of("instance", "a:9090"), 0, Map.of(), "", Instant.EPOCH, q);
    assertThat(AlertTemplate.parse("t",
        "{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}={{ .Value }} {{ end }}").execute(c))
        .isEqualTo("a:9090=0 b:9090=1 ");
    assertThat(AlertTemplate.parse("t", "{{ with query \"vector(11)\" }}{{ . | first | value | humanize }}{{ end }}")
        .execute(c)).isEqualTo("11");
    assertThat(AlertTemplate.parse("t", "{{ query \"up\" | first | label \"instance\" }}").execute(c))
        .isEqualTo("b:9090");
    assertThat(AlertTemplate.parse("t", "{{ query \"nope\" | first }}").expand(c))
        .startsWith("<error expanding template: template: t:1:").contains("parse error: bad");
    assertThat(AlertTemplate.parse("t", "{{ query \"vector(0)\" }}").expand(TemplateContext.of(Map.of(), 0)))
        .contains("no query engine");
  }

  @Test
  void parseErrorsNameTheProblem() {
    assertThatThrownBy(() -> AlertTemplate.parse("__alert_X", "{{ $label.foo }}"))
        .hasMessage("template: __alert_X:1: undefined variable \"$label\"");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ nosuchfn 1 }}")).hasMessageContaining("function \"nosuchfn\" not defined");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ if true }}x")).hasMessageContaining("unexpected EOF");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "x {{ .Labels")).hasMessageContaining("unclosed action");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ \"abc }}")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ end }}")).hasMessageContaining("unexpected {{end}}");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ (1 }}")).hasMessageContaining("unclosed left paren");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ define \"x\" }}{{ end }}")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "{{ if true }}".repeat(500))).hasMessageContaining("nested too deeply");
    assertThatThrownBy(() -> AlertTemplate.parse("t", "\n\n{{ $nope }}")).hasMessageContaining("t:3:");
  }

  @Test
  void executionErrorsBecomePrometheusErrorText() throws Exception {
    assertThat(AlertTemplate.parse("t", "{{ $.labels.service }}").expand(TemplateContext.of(Map.of(), 0)))
        .startsWith("<error expanding template: template: t:1:")
        .contains("can't evaluate field labels");
    assertThat(AlertTemplate.parse("t", "{{ humanize \"abc\" }}").expand(TemplateContext.of(Map.of(), 0)))
        .contains("invalid syntax");
    assertThat(AlertTemplate.parse("t", "{{ range $i := 1000000000 }}xxxxxxxxxxxxxxxxxxxx{{ end }}")
        .expand(TemplateContext.of(Map.of(), 0))).contains("error expanding template");
  }
}
