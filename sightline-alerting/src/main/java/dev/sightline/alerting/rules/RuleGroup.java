package dev.sightline.alerting.rules;

import dev.sightline.alerting.Alert;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.StaleMarker;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded rule group: its rules evaluated in order at one timestamp per round, their results written in
 * one batch (with staleness markers for series that stopped), alerts handed to the sink afterwards.
 */
public final class RuleGroup {
  final RuleGroupConfig config;
  final List<Rule> rules;
  final Duration interval;
  final Duration queryOffset;
  Instant nextEval;
  volatile Instant lastEvaluation;
  volatile Duration evaluationTime = Duration.ZERO;
  long evaluations;
  long failures;
  long missed;
  boolean shouldRestore;

  RuleGroup(RuleGroupConfig config, Duration defaultInterval, boolean restored) {
    this.config = config;
    this.interval = config.interval() != null ? config.interval() : defaultInterval;
    this.queryOffset = config.queryOffset() != null ? config.queryOffset() : Duration.ZERO;
    List<Rule> rs = new ArrayList<>();
    for (RuleConfig r : config.rules()) {
      rs.add(r.isAlerting() ? new AlertingRule(r, config.labels(), restored) : new RecordingRule(r, config.labels()));
    }
    this.rules = List.copyOf(rs);
  }

  public RuleGroupConfig config() {
    return config;
  }

  public List<Rule> rules() {
    return rules;
  }

  public Duration interval() {
    return interval;
  }

  /** Environment of an evaluation round. */
  record Env(RuleQuery query, java.util.function.Supplier<MetricAppender> appenders,
             dev.sightline.alerting.AlertSink sink, Duration resendDelay, java.time.Clock clock) {}

  /** Evaluates every rule at {@code ts}; failures are recorded on the rule and counted, never thrown. */
  void eval(Instant ts, Env env) {
    long startNanos = System.nanoTime();
    MetricAppender app = env.appenders().get();
    Instant queryTime = ts.minus(queryOffset);
    List<Rule> failed = new ArrayList<>();
    for (Rule r : rules) {
      long t0 = System.nanoTime();
      List<InstantSample> out;
      String error = null;
      try {
        out = switch (r) {
          case AlertingRule a -> a.eval(env.query(), ts, queryOffset, config.limit());
          case RecordingRule rec -> rec.eval(env.query(), queryTime, config.limit());
        };
      } catch (RuntimeException e) {
        out = List.of();
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        failures++;
        failed.add(r);
      }
      Set<Labels> now = new HashSet<>();
      for (InstantSample s : out) {
        app.append(s.labels(), s.timestampMs(), s.value());
        now.add(s.labels());
      }
      for (Labels gone : r.lastSeries) {
        if (!now.contains(gone)) {
          app.append(gone, queryTime.toEpochMilli(), StaleMarker.STALE_NAN);
        }
      }
      r.lastSeries = now;
      r.recordResult(ts, Duration.ofNanos(System.nanoTime() - t0), error);
    }
    try {
      AppendResult res = app.commit();
      if (!res.errors().isEmpty()) {
        org.slf4j.LoggerFactory.getLogger(RuleGroup.class).debug("group {}: {}", config.name(), res.errors());
      }
    } catch (IOException e) {
      for (Rule r : rules) {
        r.recordResult(ts, r.evaluationTime, "writing results: " + e.getMessage());
      }
    }
    evaluations++;
    lastEvaluation = ts;
    evaluationTime = Duration.ofNanos(System.nanoTime() - startNanos);
    sendAlerts(ts, env);
  }

  private void sendAlerts(Instant ts, Env env) {
    if (env.sink() == null) {
      return;
    }
    List<Alert> batch = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof AlertingRule a) {
        String url = env.query().externalUrl() + "/graph?g0.expr="
            + URLEncoder.encode(a.config.expr(), StandardCharsets.UTF_8) + "&g0.tab=1";
        batch.addAll(a.alertsToSend(ts, env.resendDelay(), interval, url));
      }
    }
    if (!batch.isEmpty()) {
      env.sink().send(batch);
    }
  }

  /** Marks every series this group wrote as stale (the group was removed). */
  void markAllStale(Instant ts, Env env) {
    MetricAppender app = env.appenders().get();
    for (Rule r : rules) {
      for (Labels l : r.lastSeries) {
        app.append(l, ts.toEpochMilli(), StaleMarker.STALE_NAN);
      }
    }
    try {
      app.commit();
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(RuleGroup.class).warn("marking series of removed group stale", e);
    }
  }

  /** Carries alerts and health over from the previous version of this group, rule by rule (name + labels). */
  void copyState(RuleGroup old) {
    Map<String, List<Rule>> byId = new java.util.HashMap<>();
    for (Rule r : old.rules) {
      byId.computeIfAbsent(r.identity(), k -> new ArrayList<>()).add(r);
    }
    for (Rule r : rules) {
      List<Rule> olds = byId.get(r.identity());
      if (olds == null || olds.isEmpty()) {
        continue;
      }
      Rule o = olds.remove(0);
      if (r instanceof AlertingRule a && o instanceof AlertingRule oa) {
        a.copyState(oa);
      } else {
        r.copyHealth(o);
      }
    }
    lastEvaluation = old.lastEvaluation;
    evaluationTime = old.evaluationTime;
    evaluations = old.evaluations;
    failures = old.failures;
    missed = old.missed;
    shouldRestore = old.shouldRestore;
  }

  RuleGroupStatus status() {
    List<RuleStatus> rs = new ArrayList<>();
    for (Rule r : rules) {
      rs.add(r.status());
    }
    return new RuleGroupStatus(config.name(), config.file(), interval.toMillis() / 1000.0, config.limit(), rs,
        evaluationTime.toNanos() / 1e9, lastEvaluation, evaluations, failures, missed);
  }
}
