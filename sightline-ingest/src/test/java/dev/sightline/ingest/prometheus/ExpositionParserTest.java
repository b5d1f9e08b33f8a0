package dev.sightline.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.metric.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-written expositions: the grammar's corners and hostile or broken input. */
class ExpositionParserTest {
  private final ExpositionParser parser = ExpositionParser.create(ScrapeLimits.defaults());

  private ScrapeResult text(String s) {
    return parser.parse(s.getBytes(StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS_TEXT);
  }

  private ScrapeResult om(String s) {
    return parser.parse(s, ExpositionFormat.OPENMETRICS_TEXT);
  }

  @Test
  void prometheusTextCorners() {
    ScrapeResult r = text("""
        # a free comment
        # HELP up Whether the target is up, with a \\\\ and a \\n.
        # TYPE up gauge
        up 1
        up{job="a"} 0 1700000000123
        up{job = "b" , zone="x",} NaN
        weird:name_total{a="\\\\\\"\\n"} +Inf
        neg -Inf
        exp 1.5e3
        untyped_thing\t2\t-5

        """);
    assertThat(r.samples()).hasSize(7);
    assertThat(r.samples().get(0).labels()).isEqualTo(Labels.of("__name__", "up"));
    assertThat(r.samples().get(0).hasTimestamp()).isFalse();
    assertThat(r.samples().get(1).timestampMs()).isEqualTo(1_700_000_000_123L);
    assertThat(r.samples().get(2).labels()).isEqualTo(Labels.of("__name__", "up", "job", "b", "zone", "x"));
    assertThat(r.samples().get(2).value()).isNaN();
    assertThat(r.samples().get(3).labels().get("a")).isEqualTo("\\\"\n");
    assertThat(r.samples().get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.samples().get(4).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(r.samples().get(5).value()).isEqualTo(1500.0);
    assertThat(r.samples().get(6).timestampMs()).isEqualTo(-5);
    assertThat(r.metadata()).containsExactly(
        new MetricMetadata("up", MetricType.GAUGE, "Whether the target is up, with a \\ and a \n.", ""));
  }

  @Test
  void openMetricsTimestampsAreSecondsAndInfoStatesetAreKept() {
    ScrapeResult r = om("""
        # TYPE build info
        build_info{version="1.2"} 1
        # TYPE feature stateset
        feature{feature="a"} 1 1700000000.5
        feature{feature="b"} 0 1700000000.5
        # TYPE jobs counter
        # UNIT jobs seconds
        jobs_total 5 1700000000 # {trace_id="abc"} 0.25
        jobs_created 1699999999.123
        # EOF
        """);
    assertThat(r.samples()).extracting(s -> s.labels().metricName())
        .containsExactly("build_info", "feature", "feature", "jobs_total", "jobs_created");
    assertThat(r.samples().get(1).timestampMs()).isEqualTo(1_700_000_000_500L);
    assertThat(r.samples().get(3).timestampMs()).isEqualTo(1_700_000_000_000L);
    assertThat(r.samples().get(3).exemplar()).isEqualTo(new Exemplar(Labels.of("trace_id", "abc"), 0.25,
        Exemplar.NO_TIMESTAMP));
    assertThat(r.samples().get(4).value()).isEqualTo(1699999999.123);
    assertThat(r.metadata()).containsExactly(
        new MetricMetadata("build", MetricType.INFO, "", ""),
        new MetricMetadata("feature", MetricType.STATESET, "", ""),
        new MetricMetadata("jobs", MetricType.COUNTER, "", "seconds"));
  }

  @Test
  void errorsNameTheLineAndWhatWasExpected() {
    assertError("ok 1\nbad{a=\"x} 1\n", "line 2, column 12: unterminated quoted value of label 'a'");
    assertError("m{a=\"\\x\"} 1", "line 1, column 6: invalid escape sequence '\\x' in value of label 'a'");
    assertError("m{a=\"1\",a=\"2\"} 1", "line 1, column 9: duplicate label 'a'");
    assertError("1metric 1", "line 1, column 1: expected a metric name at the start of a sample line, got '1'");
    assertError("my-metric 1", "line 1, column 3: expected a space and the sample value after 'my', got '-'");
    assertError("m 12abc", "line 1, column 3: invalid sample value '12abc'");
    assertError("m 0x1p3", "invalid sample value '0x1p3'");
    assertError("m 1.0d", "invalid sample value '1.0d'");
    assertError("m", "line 1, column 2: expected a space and the sample value after 'm', got end of line");
    assertError("m{a=\"1\"", "line 1, column 8: expected '}' or ',' after the value of label 'a', got end of line");
    assertError("m{a \"1\"} 1", "line 1, column 5: expected '=' after label name 'a', got '\"'");
    assertError("m{a=1} 1", "line 1, column 5: expected '\"' to open the value of label 'a', got '1'");
    assertError("m 1 1.5", "line 1, column 5: invalid timestamp '1.5' (expected integer milliseconds");
    assertError("m 1 2 3", "line 1, column 7: expected end of line after the sample, got '3'");
    assertError("m 1 # {a=\"b\"} 1", "exemplars need OpenMetrics");
    assertError("m{__name__=\"x\"} 1", "label '__name__' is not allowed in braces");
    assertError("# TYPE m counter\n# TYPE m gauge\n", "line 2, column 8: second TYPE line for metric family 'm' (first on line 1)");
    assertError("m 1\n# TYPE m gauge\n", "line 2, column 8: TYPE line for metric family 'm' after its samples");
    assertError("# TYPE m histgram\n", "unknown metric type 'histgram' (expected counter, gauge, histogram, summary or untyped)");
    assertError("# TYPE h histogram\nh_bucket{x=\"1\"} 1\n", "line 2, column 18: histogram bucket 'h_bucket' has no 'le' label");
    assertError("# TYPE h histogram\nh_bucket{le=\"big\"} 1\n", "histogram bucket 'h_bucket' has a non-numeric le=\"big\"");
    assertError("# TYPE s summary\ns 1\n", "summary quantile sample 's' has no 'quantile' label");
  }

  @Test
  void openMetricsRules() {
    assertOmError("m 1\n", "line 1: missing '# EOF' at the end");
    assertOmError("# TYPE m gauge\nm 1\n# EOF\nm 2\n", "line 4: unexpected content after '# EOF'");
    assertOmError("m 1\n\n# EOF\n", "line 2: empty line (not allowed in OpenMetrics)");
    assertOmError("# just a comment\n# EOF\n", "line 1, column 7: expected '# HELP', '# TYPE', '# UNIT' or '# EOF'");
    assertOmError("# TYPE c counter\nc 1\n# EOF\n", "sample 'c' of OpenMetrics counter 'c' must be named c_total or c_created");
    assertOmError("# TYPE m untyped\n# EOF\n", "unknown metric type 'untyped'");
    assertOmError("m 1 # {trace_id=\"a\"}\n# EOF\n", "expected a space and the exemplar value after its labels");
    assertOmError("m 1 # trace\n# EOF\n", "expected '{' to open the exemplar's labels");
    assertOmError("m 1 Inf\n# EOF\n", "timestamp must be finite");
    // a truncated scrape: the last line and # EOF never arrived
    assertOmError("# TYPE m gauge\nm{a=\"1\"} 1\nm{a=\"2", "unterminated quoted value of label 'a'");
    assertOmError("# TYPE m gauge\nm{a=\"1\"} 1\n", "missing '# EOF'");
  }

  @Test
  void limitsFailTheScrapeWithTheirName() {
    ExpositionParser small = ExpositionParser.create(ScrapeLimits.builder()
        .maxLineLength(40).maxLabelsPerSeries(2).maxLabelValueLength(5).maxSamples(3).build());
    assertThatThrownBy(() -> small.parse("m{a=\"" + "x".repeat(50) + "\"} 1", ExpositionFormat.PROMETHEUS_TEXT))
        .isInstanceOf(ScrapeLimitException.class)
        .hasMessage("line 1 has 59 characters, exceeds maxLineLength = 40")
        .satisfies(e -> assertThat(((ScrapeLimitException) e).limitName()).isEqualTo("maxLineLength"));
    assertThatThrownBy(() -> small.parse("m{a=\"1\",b=\"2\",c=\"3\"} 1", ExpositionFormat.PROMETHEUS_TEXT))
        .isInstanceOf(ScrapeLimitException.class)
        .hasMessage("line 1: more than 2 labels (maxLabelsPerSeries)");
    assertThatThrownBy(() -> small.parse("m{a=\"123456\"} 1", ExpositionFormat.PROMETHEUS_TEXT))
        .isInstanceOf(ScrapeLimitException.class)
        .hasMessage("line 1: value of label 'a' has 6 characters, exceeds maxLabelValueLength = 5");
    assertThatThrownBy(() -> small.parse("a 1\nb 1\nc 1\nd 1\n", ExpositionFormat.PROMETHEUS_TEXT))
        .isInstanceOf(ScrapeLimitException.class)
        .hasMessage("line 4: scrape has more than 3 samples (maxSamples)");
  }

  @Test
  void hostileInputIsRefusedQuickly() {
    // a long run of backslashes and an enormous label count are bounded by the line limit
    String hostile = "m{a=\"" + "\\\\".repeat(30_000) + "\"} 1";
    assertThatThrownBy(() -> text(hostile)).isInstanceOf(ScrapeLimitException.class);
    // binary garbage is a clear error, not an exception from deep inside
    assertThatThrownBy(() -> text("\u0000\u0001\u0002 1"))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("line 1, column 1: expected a metric name");
    assertThat(text("").samples()).isEmpty();
    assertThat(ExpositionFormat.fromContentType("application/openmetrics-text; version=1.0.0"))
        .isEqualTo(ExpositionFormat.OPENMETRICS_TEXT);
    assertThat(ExpositionFormat.fromContentType(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
  }

  private void assertError(String body, String message) {
    assertThatThrownBy(() -> text(body))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining(message);
  }

  private void assertOmError(String body, String message) {
    assertThatThrownBy(() -> om(body))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining(message);
  }
}
