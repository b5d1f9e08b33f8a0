package dev.sightline.alerting.rules.unittest;

import static dev.sightline.alerting.rules.unittest.RuleTestRunner.asMap;
import static dev.sightline.alerting.rules.unittest.RuleTestRunner.duration;
import static dev.sightline.alerting.rules.unittest.RuleTestRunner.unknown;

import dev.sightline.alerting.rules.AlertStatus;
import dev.sightline.alerting.rules.AlertingRule;
import dev.sightline.alerting.rules.Rule;
import dev.sightline.alerting.rules.RuleEngine;
import dev.sightline.alerting.rules.RuleGroup;
import dev.sightline.alerting.rules.RuleGroupConfig;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.Tsdb;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One entry of a test file's {@code tests}: input series, alert expectations and expression expectations. */
final class TestGroup {
  record Series(Labels labels, List<Double> values) {}

  record ExpAlert(Map<String, String> labels, Map<String, String> annotations) {}

  record AlertTest(long evalMs, String alertname, List<ExpAlert> expected) {}

  record ExpSample(String labels, double value) {}

  record ExprTest(String expr, long evalMs, List<ExpSample> expected) {}

  private String name;
  private String displayName;
  private Duration interval;
  private Duration evalInterval;
  private boolean fuzzy;
  private Instant start;
  private Map<String, String> externalLabels = Map.of();
  private String externalUrl = "";
  private final List<Series> series = new ArrayList<>();
  private final List<AlertTest> alertTests = new ArrayList<>();
  private final List<ExprTest> exprTests = new ArrayList<>();

  static TestGroup parse(Map<String, Object> t, Duration evalInterval, boolean fuzzy, boolean skipHistograms,
      List<String> skipped, String displayName) throws SeriesNotation.NotationException {
    TestGroup g = new TestGroup();
    g.name = t.get("name") == null ? "" : String.valueOf(t.get("name"));
    g.displayName = displayName;
    g.evalInterval = evalInterval;
    g.interval = duration(t.get("interval"), evalInterval);
    g.fuzzy = fuzzy;
    g.start = RuleTestRunner.startTime(t.get("start_timestamp"));
    if (t.get("external_labels") != null) {
      Map<String, String> m = new TreeMap<>();
      asMap(t.get("external_labels"), "external_labels").forEach((k, v) -> m.put(k, String.valueOf(v)));
      g.externalLabels = m;
    }
    g.externalUrl = t.get("external_url") == null ? "" : String.valueOf(t.get("external_url"));
    for (Object o : list(t.get("input_series"))) {
      Map<String, Object> s = asMap(o, "input series");
      unknown(s, Set.of("series", "values"), "series");
      String values = s.get("values") == null ? "" : String.valueOf(s.get("values"));
      if (values.contains("{{") && skipHistograms) {
        skipped.add(displayName + ": input series " + s.get("series") + " (native histogram)");
        continue;
      }
      g.series.add(new Series(SeriesNotation.selector(String.valueOf(s.get("series"))),
          SeriesNotation.values(values)));
    }
    for (Object o : list(t.get("alert_rule_test"))) {
      Map<String, Object> a = asMap(o, "alert_rule_test");
      unknown(a, Set.of("eval_time", "alertname", "exp_alerts"), "alertTestCase");
      List<ExpAlert> exp = new ArrayList<>();
      for (Object e : list(a.get("exp_alerts"))) {
        Map<String, Object> em = e == null ? Map.of() : asMap(e, "exp_alerts");
        unknown(em, Set.of("exp_labels", "exp_annotations"), "alert");
        exp.add(new ExpAlert(strMap(em.get("exp_labels")), strMap(em.get("exp_annotations"))));
      }
      g.alertTests.add(new AlertTest(duration(a.get("eval_time"), Duration.ZERO).toMillis(),
          String.valueOf(a.get("alertname")), exp));
    }
    for (Object o : list(t.get("promql_expr_test"))) {
      Map<String, Object> p = asMap(o, "promql_expr_test");
      unknown(p, Set.of("expr", "eval_time", "exp_samples"), "promqlTestCase");
      List<ExpSample> exp = new ArrayList<>();
      boolean histogram = false;
      for (Object e : list(p.get("exp_samples"))) {
        Map<String, Object> em = asMap(e, "exp_samples");
        unknown(em, Set.of("labels", "value", "histogram"), "sample");
        if (em.get("histogram") != null) {
          histogram = true;
        }
        Object v = em.get("value");
        exp.add(new ExpSample(em.get("labels") == null ? "" : String.valueOf(em.get("labels")),
            v == null ? 0 : Double.parseDouble(String.valueOf(v))));
      }
      if (histogram) {
        if (skipHistograms) {
          skipped.add(displayName + ": promql_expr_test " + p.get("expr") + " (native histogram)");
          continue;
        }
        throw new SeriesNotation.NotationException("native histogram samples are not supported: " + p.get("expr"));
      }
      g.exprTests.add(new ExprTest(String.valueOf(p.get("expr")),
          duration(p.get("eval_time"), Duration.ZERO).toMillis(), exp));
    }
    return g;
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static Map<String, String> strMap(Object o) {
    Map<String, String> m = new TreeMap<>();
    if (o != null) {
      asMap(o, "labels").forEach((k, v) -> m.put(k, v == null ? "" : String.valueOf(v)));
    }
    return m;
  }

  List<String> run(List<RuleGroupConfig> ruleGroups, Path workDir) throws IOException {
    Path dir = workDir == null ? Files.createTempDirectory("sightline-ruletest") : Files.createTempDirectory(workDir, "t");
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    Tsdb tsdb = Tsdb.builder().dataDir(dir).clock(clock).maintenanceInterval(Duration.ZERO)
        .maxFuture(Duration.ofDays(120_000)).walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build())
        .build();
    try {
      tsdb.start();
      load(tsdb);
      PromqlEngine promql = PromqlEngine.builder(tsdb.querier()).clock(clock)
          .defaultSubqueryStep(evalInterval).build();
      RuleEngine engine = RuleEngine.builder(promql, tsdb.querier(), tsdb::appender).clock(clock)
          .evaluationInterval(evalInterval).restoreOnStart(false).externalLabels(externalLabels)
          .externalUrl(externalUrl).build();
      engine.update(ruleGroups);
      return check(engine, promql);
    } finally {
      tsdb.close();
      deleteTree(dir);
    }
  }

  private void load(Tsdb tsdb) throws IOException {
    MetricAppender a = tsdb.appender();
    long step = interval.toMillis();
    for (Series s : series) {
      for (int i = 0; i < s.values().size(); i++) {
        Double v = s.values().get(i);
        if (v != null) {
          a.append(s.labels(), start.toEpochMilli() + i * step, v);
        }
      }
    }
    a.commit();
  }

  private String testName() {
    return name.isEmpty() ? "" : "    name: " + name + ",\n";
  }

  private List<String> check(RuleEngine engine, PromqlEngine promql) {
    List<String> errs = new ArrayList<>();
    long maxt = 0;
    TreeSet<Long> alertTimes = new TreeSet<>();
    for (AlertTest a : alertTests) {
      alertTimes.add(a.evalMs());
      maxt = Math.max(maxt, a.evalMs());
    }
    for (ExprTest e : exprTests) {
      maxt = Math.max(maxt, e.evalMs());
    }
    long step = evalInterval.toMillis();
    List<RuleGroup> groups = engine.ruleGroups();
    for (long off = 0; off <= maxt; off += step) {
      Instant ts = start.plusMillis(off);
      engine.evaluateAll(ts);
      List<String> evalErrs = new ArrayList<>();
      for (RuleGroup g : groups) {
        for (Rule r : g.rules()) {
          if (!r.lastError().isEmpty()) {
            evalErrs.add("    rule: " + r.name() + ", time: " + GoText.duration(off) + ", err: " + r.lastError());
          }
        }
      }
      if (!evalErrs.isEmpty()) {
        return evalErrs;
      }
      for (Long t : alertTimes.subSet(off, true, off + step, false)) {
        for (AlertTest at : alertTests) {
          if (at.evalMs() == t) {
            compareAlerts(at, groups, errs);
          }
        }
      }
    }
    for (ExprTest e : exprTests) {
      compareExpr(e, promql, errs);
    }
    return errs;
  }

  private void compareAlerts(AlertTest at, List<RuleGroup> groups, List<String> errs) {
    List<String> got = new ArrayList<>();
    for (RuleGroup g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule a && a.name().equals(at.alertname())) {
          for (AlertStatus s : a.activeAlerts()) {
            if (s.state().equals("firing")) {
              got.add(alertString(s.labels(), s.annotations()));
            }
          }
        }
      }
    }
    List<String> exp = new ArrayList<>();
    for (ExpAlert e : at.expected()) {
      Map<String, String> l = new TreeMap<>(e.labels());
      l.put("alertname", at.alertname());
      exp.add(alertString(l, e.annotations()));
    }
    got.sort(Comparator.naturalOrder());
    exp.sort(Comparator.naturalOrder());
    if (!got.equals(exp)) {
      errs.add(testName() + "    alertname: " + at.alertname() + ", time: " + GoText.duration(at.evalMs()) + ", \n"
          + "        exp:" + GoText.indent(listString(exp), "            ") + ", \n"
          + "        got:" + GoText.indent(listString(got), "            "));
    }
  }

  private static String alertString(Map<String, String> labels, Map<String, String> annotations) {
    return "Labels:" + GoText.labels(labels) + "\nAnnotations:" + GoText.labels(annotations);
  }

  private static String listString(List<String> items) {
    if (items.isEmpty()) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < items.size(); i++) {
      b.append(i > 0 ? ",\n" : "").append(i).append(':').append(GoText.indent("\n" + items.get(i), "  "));
    }
    return b.append("\n]").toString();
  }

  private record Got(Labels labels, double value) {}

  private void compareExpr(ExprTest e, PromqlEngine promql, List<String> errs) {
    String head = "    expr: " + dev.sightline.alerting.rules.template.internal.GoFormat.quote(e.expr()) + ", time: "
        + GoText.duration(e.evalMs());
    List<Got> got = new ArrayList<>();
    try {
      PromqlValue v = promql.instantQuery(e.expr(), start.plusMillis(e.evalMs())).value();
      switch (v) {
        case PromqlValue.Vector vec -> vec.samples().forEach(s -> got.add(new Got(s.labels(), s.value())));
        case PromqlValue.Scalar s -> got.add(new Got(Labels.empty(), s.value()));
        default -> throw new IllegalStateException("rule result is not a vector or scalar");
      }
    } catch (RuntimeException ex) {
      errs.add(head + ", err: " + ex.getMessage());
      return;
    }
    List<Got> exp = new ArrayList<>();
    for (ExpSample s : e.expected()) {
      try {
        exp.add(new Got(s.labels().isBlank() ? Labels.empty() : SeriesNotation.selector(s.labels()), s.value()));
      } catch (SeriesNotation.NotationException ex) {
        errs.add(head + ", err: labels " + dev.sightline.alerting.rules.template.internal.GoFormat.quote(s.labels())
            + ": " + ex.getMessage());
        return;
      }
    }
    got.sort(Comparator.comparing(Got::labels));
    exp.sort(Comparator.comparing(Got::labels));
    boolean equal = got.size() == exp.size();
    for (int i = 0; equal && i < got.size(); i++) {
      equal = got.get(i).labels().equals(exp.get(i).labels()) && same(exp.get(i).value(), got.get(i).value());
    }
    if (!equal) {
      errs.add(testName() + head + ",\n        exp: " + samples(exp) + "\n        got: " + samples(got));
    }
  }

  private boolean same(double a, double b) {
    if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
      return true;
    }
    if (!fuzzy) {
      return false;
    }
    // Relative tolerance of a few ulps, as promtool's fuzzy_compare accepts float noise but no more.
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < 1e-16 * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-16;
  }

  private static String samples(List<Got> s) {
    if (s.isEmpty()) {
      return "nil";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.size(); i++) {
      b.append(i > 0 ? ", " : "").append(GoText.labels(s.get(i).labels())).append(' ')
          .append(GoText.floatE(s.get(i).value()));
    }
    return b.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
