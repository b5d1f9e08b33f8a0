package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cardinality limits and the cardinality report. */
class TsdbLimitsTest {
  @TempDir
  Path dir;
  private Tsdb tsdb;

  private void open(TsdbLimits limits) throws IOException {
    tsdb = Tsdb.builder().dataDir(dir).limits(limits).maintenanceInterval(Duration.ZERO).build();
    tsdb.start();
  }

  @AfterEach
  void close() throws IOException {
    tsdb.close();
  }

  private AppendResult write(Labels l, long t) throws IOException {
    MetricAppender a = tsdb.appender();
    a.append(l, t, 1);
    return a.commit();
  }

  private static Labels req(int user, String method) {
    return Labels.of("__name__", "http_requests_total", "user_id", "u" + user, "method", method);
  }

  @Test
  void seriesPerMetricLimitNamesTheExplodingLabelAndKeepsExistingSeries() throws IOException {
    open(TsdbLimits.builder().maxSeriesPerMetric(5).build());
    for (int i = 0; i < 5; i++) {
      assertThat(write(req(i, i % 2 == 0 ? "GET" : "POST"), 1000).allAccepted()).isTrue();
    }
    AppendResult r = write(req(99, "GET"), 2000);
    assertThat(r.accepted()).isZero();
    assertThat(r.rejectedByLimit()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString()
        .contains("\"http_requests_total\"", "limit of 5 series", "label \"user_id\"", "(5)");
    // Existing series keep working; other metrics are unaffected.
    assertThat(write(req(0, "GET"), 2000).accepted()).isEqualTo(1);
    assertThat(write(Labels.of("__name__", "up"), 2000).accepted()).isEqualTo(1);
    write(req(100, "GET"), 3000);
    assertThat(tsdb.rejectedSamplesByMetric()).containsEntry("http_requests_total", 2L);
    assertThat(tsdb.cardinality("http_requests_total").rejectedSamples()).isEqualTo(2);
    assertThat(tsdb.seriesCount()).isEqualTo(6);
  }

  @Test
  void labelCountAndLengthLimitsNameTheOffendingLabel() throws IOException {
    open(TsdbLimits.builder().maxLabelsPerSeries(3).maxLabelNameLength(10).maxLabelValueLength(8).build());
    AppendResult tooMany = write(Labels.of("__name__", "m", "a", "1", "b", "2", "c", "3"), 1);
    assertThat(tooMany.rejectedByLimit()).isEqualTo(1);
    assertThat(tooMany.errors().get(0)).contains("\"m\"", "4 labels", "limit of 3", "label \"c\"");
    AppendResult longName = write(Labels.of("__name__", "m", "a_very_long_name", "1"), 1);
    assertThat(longName.errors().get(0)).contains("label name \"a_very_long_name\"", "16 characters", "limit of 10");
    AppendResult longValue = write(Labels.of("__name__", "m", "path", "/a/b/c/d/e/f"), 1);
    assertThat(longValue.errors().get(0)).contains("value of label \"path\"", "12 characters", "limit of 8");
    assertThat(write(Labels.of("__name__", "m", "path", "/a"), 1).allAccepted()).isTrue();
    assertThat(tsdb.rejectedSamplesByMetric()).containsEntry("m", 3L);
  }

  @Test
  void aBatchReportsEveryRejectionButOneMessagePerKind() throws IOException {
    open(TsdbLimits.builder().maxSeriesPerMetric(1).build());
    MetricAppender a = tsdb.appender();
    a.append(req(1, "GET"), 1, 1);
    a.append(req(2, "GET"), 1, 1);
    a.append(req(3, "GET"), 1, 1);
    a.append(req(1, "GET"), 0, 1);
    AppendResult r = a.commit();
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.rejectedByLimit()).isEqualTo(2);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(1)).contains("and 1 more");
  }

  @Test
  void cardinalityReportRanksMetricsAndTheirLabels() throws IOException {
    open(TsdbLimits.defaults());
    for (int i = 0; i < 20; i++) {
      write(req(i, i % 2 == 0 ? "GET" : "POST"), 1);
    }
    for (int i = 0; i < 3; i++) {
      write(Labels.of("__name__", "up", "job", "j" + i), 1);
    }
    CardinalityReport report = tsdb.cardinality(10, 10);
    assertThat(report.totalSeries()).isEqualTo(23);
    assertThat(report.metrics()).extracting(CardinalityReport.Metric::name).containsExactly("http_requests_total", "up");
    CardinalityReport.Metric top = report.metrics().get(0);
    assertThat(top.series()).isEqualTo(20);
    assertThat(top.labels()).containsExactly(new CardinalityReport.Label("user_id", 20),
        new CardinalityReport.Label("method", 2));
    assertThat(tsdb.cardinality(1, 1).metrics()).singleElement()
        .satisfies(m -> assertThat(m.labels()).extracting(CardinalityReport.Label::name).containsExactly("user_id"));
    assertThat(tsdb.cardinality("nope").series()).isZero();
  }

  @Test
  void limitsDoNotApplyToSeriesReplayedFromTheWal() throws IOException {
    open(TsdbLimits.defaults());
    for (int i = 0; i < 4; i++) {
      write(req(i, "GET"), 1);
    }
    tsdb.close();
    open(TsdbLimits.builder().maxSeriesPerMetric(2).build());
    assertThat(tsdb.seriesCount()).isEqualTo(4);
    assertThat(write(req(0, "GET"), 2).accepted()).isEqualTo(1);
    assertThat(write(req(9, "GET"), 2).rejectedByLimit()).isEqualTo(1);
  }
}
