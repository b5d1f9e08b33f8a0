package dev.sightline.server.logmetrics;

import dev.sightline.model.LogRecord;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.QueryParser;
import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.metrics.MetricAppender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Log-derived counters: counted at ingest (after redaction, before storage) against every configured
 * condition, and written to the TSDB as cumulative counters, so log patterns are alerted on with
 * ordinary Prometheus rules. Each metric keeps at most {@value #MAX_SERIES_PER_METRIC} label sets;
 * records beyond that count under {@code overflow="true"}, and are counted as overflowed.
 */
public final class LogMetrics {
  static final int MAX_SERIES_PER_METRIC = 1000;
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private record Compiled(LogMetricConfig config, FilterEvaluator filter, List<String> labelNames,
                          Map<Labels, long[]> counts) {}

  private final List<Compiled> metrics;
  private long overflowed;

  private LogMetrics(List<Compiled> metrics) {
    this.metrics = metrics;
  }

  /** Validates the configuration; problems name the entry and what is wrong. */
  public static LogMetrics of(List<LogMetricConfig> configs) {
    List<Compiled> out = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      LogMetricConfig c = configs.get(i);
      String where = "log_metrics[" + i + "]";
      if (c.name() == null || !METRIC_NAME.matcher(c.name()).matches()) {
        throw new IllegalArgumentException(where + ".name: expected a Prometheus metric name, got '" + c.name() + "'");
      }
      if (c.query() == null || c.query().isBlank()) {
        throw new IllegalArgumentException(where + ".query: expected a condition such as \"level = 'ERROR'\"");
      }
      FilterEvaluator f;
      try {
        f = FilterEvaluator.of(QueryParser.defaults().parseCondition(c.query()));
      } catch (ParseException e) {
        throw new IllegalArgumentException(where + ".query: " + e.getMessage());
      }
      List<String> names = new ArrayList<>();
      for (String field : c.labels()) {
        names.add(field.replaceAll("[^a-zA-Z0-9_]", "_"));
      }
      out.add(new Compiled(c, f, names, new LinkedHashMap<>()));
    }
    return new LogMetrics(List.copyOf(out));
  }

  public boolean isEmpty() {
    return metrics.isEmpty();
  }

  /** Counts a batch. */
  public synchronized void consume(List<LogRecord> batch) {
    if (metrics.isEmpty()) {
      return;
    }
    for (LogRecord r : batch) {
      Map<String, Object> row = Rows.of(r);
      for (Compiled m : metrics) {
        if (!m.filter().test(row)) {
          continue;
        }
        Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, m.config().name());
        for (int i = 0; i < m.labelNames().size(); i++) {
          Object v = row.get(m.config().labels().get(i));
          b.set(m.labelNames().get(i), v == null ? "" : String.valueOf(v));
        }
        Labels labels = b.build();
        long[] n = m.counts().get(labels);
        if (n == null) {
          if (m.counts().size() >= MAX_SERIES_PER_METRIC) {
            overflowed++;
            labels = Labels.of(Labels.METRIC_NAME, m.config().name(), "overflow", "true");
            n = m.counts().computeIfAbsent(labels, k -> new long[1]);
          } else {
            n = new long[1];
            m.counts().put(labels, n);
          }
        }
        n[0]++;
      }
    }
  }

  /** Writes every counter's current value at {@code nowMs} and commits. */
  public void flush(MetricAppender appender, long nowMs) throws IOException {
    synchronized (this) {
      for (Compiled m : metrics) {
        m.counts().forEach((labels, n) -> appender.append(labels, nowMs, n[0]));
      }
    }
    appender.commit();
  }

  public synchronized long overflowed() {
    return overflowed;
  }
}
