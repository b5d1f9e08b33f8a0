package dev.sightline.alerting.rules;

import dev.sightline.alerting.TestClock;

import dev.sightline.alerting.Alert;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.Tsdb;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A real TSDB in a temp dir, a PromQL engine and a rule engine, all on one test clock. */
final class TestBed implements AutoCloseable {
  final TestClock clock;
  final Path dir;
  Tsdb tsdb;
  PromqlEngine promql;
  RuleEngine rules;
  final List<List<Alert>> sent = new ArrayList<>();

  TestBed(Path dir, Instant start) throws IOException {
    this.clock = new TestClock(start);
    this.dir = dir;
    open(b -> { });
  }

  void open(Consumer<RuleEngine.Builder> options) throws IOException {
    tsdb = Tsdb.builder().dataDir(dir).clock(clock).maintenanceInterval(Duration.ZERO)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build();
    tsdb.start();
    promql = PromqlEngine.builder(tsdb.querier()).clock(clock).build();
    RuleEngine.Builder b = RuleEngine.builder(promql, tsdb.querier(), tsdb::appender).clock(clock).sink(sent::add);
    options.accept(b);
    rules = b.build();
  }

  /** Simulates a restart: closes and reopens the TSDB (WAL replay) with a fresh rule engine. */
  void restart(Consumer<RuleEngine.Builder> options) throws IOException {
    rules.close();
    tsdb.close();
    open(options);
  }

  void append(Labels l, double v) {
    MetricAppender a = tsdb.appender();
    a.append(l, clock.millis(), v);
    try {
      a.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<InstantSample> query(String expr) {
    PromqlValue v = promql.instantQuery(expr, clock.instant()).value();
    return v instanceof PromqlValue.Vector vec ? vec.samples() : List.of();
  }

  List<Alert> lastSent() {
    return sent.isEmpty() ? List.of() : sent.get(sent.size() - 1);
  }

  @Override
  public void close() throws IOException {
    rules.close();
    tsdb.close();
  }
}
