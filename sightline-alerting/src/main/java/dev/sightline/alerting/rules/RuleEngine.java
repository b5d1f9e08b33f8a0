package dev.sightline.alerting.rules;

import dev.sightline.alerting.AlertSink;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.metrics.StaleMarker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates rule groups as Prometheus's rule manager does: each group every {@code interval} (the global
 * evaluation interval unless the group sets one) at timestamps aligned to the interval, rules in order;
 * recording results, {@code ALERTS} and {@code ALERTS_FOR_STATE} written to storage; alerts handed to an
 * {@link AlertSink} (firing ones every resend delay, resolved ones until 15 minutes after they resolve).
 *
 * <pre>{@code
 * RuleEngine rules = RuleEngine.builder(promql, tsdb.querier(), tsdb::appender)
 *     .clock(clock).sink(notifier).build();
 * rules.loadFiles(List.of(Path.of("rules.yml")));   // all files valid, or nothing changes
 * rules.tick();                                     // evaluates the groups that are due; or start()
 * }</pre>
 *
 * <p>On the first load, pending and firing alerts' {@code for} state is restored from
 * {@code ALERTS_FOR_STATE} after the second evaluation of each group (outage tolerance 1h, grace period
 * 10m, as Prometheus's {@code --rules.alert.for-outage-tolerance} and {@code for-grace-period}). A reload
 * keeps groups that did not change untouched and carries alert state over to rules with the same name and
 * labels. Thread-safe: every method synchronizes on the engine.
 */
public final class RuleEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

  private final Clock clock;
  private final Duration evaluationInterval;
  private final Duration outageTolerance;
  private final Duration forGracePeriod;
  private final boolean restoreOnStart;
  private final MetricQuerier querier;
  private final RuleGroup.Env env;
  private final RuleFileParser parser;
  private Map<String, RuleGroup> groups = new LinkedHashMap<>();
  private boolean loaded;
  private ScheduledExecutorService scheduler;

  private RuleEngine(Builder b) {
    this.clock = b.clock;
    this.evaluationInterval = b.evaluationInterval;
    this.outageTolerance = b.outageTolerance;
    this.forGracePeriod = b.forGracePeriod;
    this.restoreOnStart = b.restoreOnStart;
    this.querier = b.querier;
    this.env = new RuleGroup.Env(new RuleQuery(b.engine, b.externalLabels, b.externalUrl), b.appenders, b.sink,
        b.resendDelay, b.clock);
    this.parser = RuleFileParser.builder().validator(b.engine).build();
  }

  /** Reads with {@code engine} and {@code querier}, writes with appenders from {@code appenders}. */
  public static Builder builder(PromqlEngine engine, MetricQuerier querier, Supplier<MetricAppender> appenders) {
    return new Builder(engine, querier, appenders);
  }

  /**
   * Parses every file and, only if all are valid, replaces the rule set (see {@link #update}); otherwise
   * throws with every error and keeps the current rules running.
   */
  public List<RuleFile> loadFiles(Collection<Path> files) throws IOException, RuleFileException {
    List<RuleFile> parsed = new ArrayList<>();
    List<RuleError> errors = new ArrayList<>();
    for (Path p : files) {
      try {
        parsed.add(parser.parse(p));
      } catch (RuleFileException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new RuleFileException(errors);
    }
    List<RuleGroupConfig> all = new ArrayList<>();
    parsed.forEach(f -> all.addAll(f.groups()));
    update(all);
    return parsed;
  }

  /**
   * Replaces the rule set. Unchanged groups (same file, name and definition) keep running as they are;
   * changed ones start afresh but inherit the alerts and health of rules with the same name and labels;
   * removed ones have their series marked stale.
   */
  public synchronized void update(List<RuleGroupConfig> configs) {
    Instant now = clock.instant();
    Map<String, RuleGroup> next = new LinkedHashMap<>();
    boolean restore = !loaded && restoreOnStart;
    for (RuleGroupConfig c : configs) {
      RuleGroup old = groups.get(c.key());
      if (next.containsKey(c.key())) {
        throw new IllegalArgumentException("group \"" + c.name() + "\" appears twice in " + c.file());
      }
      if (old != null && old.config.sameDefinition(c)) {
        next.put(c.key(), old);
        continue;
      }
      RuleGroup g = new RuleGroup(c, evaluationInterval, !restore);
      g.shouldRestore = restore;
      if (old != null) {
        g.copyState(old);
        g.nextEval = old.interval.equals(g.interval) ? old.nextEval : aligned(now, g.interval, true);
      } else {
        g.nextEval = aligned(now, g.interval, true);
      }
      next.put(c.key(), g);
    }
    groups.forEach((k, g) -> {
      if (!next.containsKey(k)) {
        g.markAllStale(now, env);
      }
    });
    groups = next;
    loaded = true;
  }

  /** Evaluates every group whose time has come; returns how many were evaluated. */
  public synchronized int tick() {
    Instant now = clock.instant();
    int n = 0;
    for (RuleGroup g : groups.values()) {
      if (g.nextEval.isAfter(now)) {
        continue;
      }
      Instant ts = aligned(now, g.interval, false);
      long missedRounds = Duration.between(g.nextEval, ts).toMillis() / Math.max(1, g.interval.toMillis());
      if (missedRounds > 0) {
        g.missed += missedRounds;
        log.warn("rule group {} missed {} evaluations", g.config.name(), missedRounds);
      }
      evaluate(g, ts);
      g.nextEval = ts.plus(g.interval);
      n++;
    }
    return n;
  }

  /** Evaluates every group once at {@code ts}, in load order, whatever its schedule (for rule unit tests). */
  public synchronized void evaluateAll(Instant ts) {
    for (RuleGroup g : groups.values()) {
      evaluate(g, ts);
    }
  }

  private void evaluate(RuleGroup g, Instant ts) {
    g.eval(ts, env);
    if (g.shouldRestore && g.evaluations >= 2) {
      restoreForState(g, clock.instant());
      g.shouldRestore = false;
    }
  }

  /** Prometheus's RestoreForState: shifts activeAt of alerts that were pending or firing before a restart. */
  private void restoreForState(RuleGroup g, Instant ts) {
    long maxt = ts.toEpochMilli();
    long mint = ts.minus(outageTolerance).toEpochMilli();
    for (Rule r : g.rules) {
      if (!(r instanceof AlertingRule a)) {
        continue;
      }
      Duration hold = a.holdDuration();
      if (hold.compareTo(forGracePeriod) < 0) {
        a.restored = true;
        continue;
      }
      List<Series> series;
      try {
        series = querier.select(mint, maxt, List.of(LabelMatcher.equal(Labels.METRIC_NAME, "ALERTS_FOR_STATE"),
            LabelMatcher.equal("alertname", a.name())));
      } catch (IOException e) {
        log.warn("restoring for-state of {}: {}", a.name(), e.toString());
        a.restored = true;
        continue;
      }
      for (Series s : series) {
        ActiveAlert alert = a.active.get(s.labels().toBuilder().remove(Labels.METRIC_NAME).build());
        if (alert == null || s.size() == 0) {
          continue;
        }
        long t = s.timestamps()[s.size() - 1];
        double v = s.values()[s.size() - 1];
        if (StaleMarker.isStale(v)) {
          continue;
        }
        Instant downAt = Instant.ofEpochSecond(Math.floorDiv(t, 1000));
        Instant restoredActiveAt = Instant.ofEpochSecond((long) v);
        Duration remaining = hold.minus(Duration.between(restoredActiveAt, downAt));
        if (remaining.isNegative() || remaining.isZero()) {
          // It was firing when we went down; the next evaluation fires it again if still true.
        } else if (remaining.compareTo(forGracePeriod) < 0) {
          restoredActiveAt = ts.plus(forGracePeriod).minus(hold);
        } else {
          restoredActiveAt = restoredActiveAt.plus(Duration.between(downAt, ts));
        }
        alert.activeAt = restoredActiveAt;
      }
      a.restored = true;
    }
  }

  /** The aligned evaluation time at or before {@code now} ({@code next}: at or after). */
  private static Instant aligned(Instant now, Duration interval, boolean next) {
    long iv = Math.max(1, interval.toMillis());
    long t = now.toEpochMilli();
    long base = Math.floorDiv(t, iv) * iv;
    if (next && base < t) {
      base += iv;
    }
    return Instant.ofEpochMilli(base);
  }

  /** Groups with rules and alerts, the data of /api/v1/rules. */
  public synchronized List<RuleGroupStatus> groups() {
    List<RuleGroupStatus> out = new ArrayList<>();
    groups.values().forEach(g -> out.add(g.status()));
    return out;
  }

  /** Pending and firing alerts of every rule, the data of /api/v1/alerts. */
  public synchronized List<AlertStatus> alerts() {
    List<AlertStatus> out = new ArrayList<>();
    for (RuleGroup g : groups.values()) {
      for (Rule r : g.rules) {
        if (r instanceof AlertingRule a) {
          out.addAll(a.activeAlerts());
        }
      }
    }
    return out;
  }

  /** The loaded groups, in load order. */
  public synchronized List<RuleGroup> ruleGroups() {
    return List.copyOf(groups.values());
  }

  /** Runs {@link #tick()} every second on a daemon thread until {@link #close()}. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sightline-rules");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        log.error("rule evaluation round failed", e);
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Options, defaulting to Prometheus's. */
  public static final class Builder {
    private final PromqlEngine engine;
    private final MetricQuerier querier;
    private final Supplier<MetricAppender> appenders;
    private AlertSink sink;
    private Clock clock = Clock.systemUTC();
    private Duration evaluationInterval = Duration.ofMinutes(1);
    private Duration resendDelay = Duration.ofMinutes(1);
    private Duration outageTolerance = Duration.ofHours(1);
    private Duration forGracePeriod = Duration.ofMinutes(10);
    private boolean restoreOnStart = true;
    private Map<String, String> externalLabels = Map.of();
    private String externalUrl = "";

    private Builder(PromqlEngine engine, MetricQuerier querier, Supplier<MetricAppender> appenders) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.querier = Objects.requireNonNull(querier, "querier");
      this.appenders = Objects.requireNonNull(appenders, "appenders");
    }

    public Builder sink(AlertSink s) {
      this.sink = s;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** {@code global.evaluation_interval}: for groups that set no interval (default 1m). */
    public Builder evaluationInterval(Duration d) {
      this.evaluationInterval = positive(d);
      return this;
    }

    /** {@code --rules.alert.resend-delay} (default 1m). */
    public Builder resendDelay(Duration d) {
      this.resendDelay = positive(d);
      return this;
    }

    /** {@code --rules.alert.for-outage-tolerance} (default 1h). */
    public Builder outageTolerance(Duration d) {
      this.outageTolerance = positive(d);
      return this;
    }

    /** {@code --rules.alert.for-grace-period} (default 10m). */
    public Builder forGracePeriod(Duration d) {
      this.forGracePeriod = positive(d);
      return this;
    }

    /** Whether the first load restores {@code for} state from ALERTS_FOR_STATE (default true). */
    public Builder restoreOnStart(boolean b) {
      this.restoreOnStart = b;
      return this;
    }

    public Builder externalLabels(Map<String, String> labels) {
      this.externalLabels = Map.copyOf(labels);
      return this;
    }

    /** Used by {@code $externalURL} and alerts' generator URLs. */
    public Builder externalUrl(String url) {
      this.externalUrl = url == null ? "" : url.replaceAll("/+$", "");
      return this;
    }

    public RuleEngine build() {
      return new RuleEngine(this);
    }

    private static Duration positive(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("duration must be positive, got " + d);
      }
      return d;
    }
  }
}
