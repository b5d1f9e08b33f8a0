package dev.sightline.query.promql.conformance;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlParseException;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.query.promql.QueryResult;
import dev.sightline.query.promql.RangeSeries;
import dev.sightline.query.promql.conformance.Script.Annotation;
import dev.sightline.query.promql.conformance.Script.Clear;
import dev.sightline.query.promql.conformance.Script.Command;
import dev.sightline.query.promql.conformance.Script.Eval;
import dev.sightline.query.promql.conformance.Script.Load;
import dev.sightline.query.promql.conformance.Script.SeriesLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a script top to bottom with the harness defaults of upstream Prometheus (lookback 5m, 10,000
 * samples, subquery step 1m, experimental functions on) and reports, per eval, null for a pass or
 * the reason it failed.
 */
final class ScriptRunner {
  /** One eval's outcome: {@code failure} is null when it passed. */
  record Outcome(Eval eval, String failure, boolean nativeData) {}

  private final ConformanceStorage storage;

  ScriptRunner(ConformanceStorage storage) {
    this.storage = storage;
  }

  List<Outcome> run(Script script) {
    storage.clear();
    PromqlEngine engine = PromqlEngine.builder(storage.querier())
        .lookbackDelta(Duration.ofMinutes(5))
        .maxSamples(10_000)
        .timeout(Duration.ofSeconds(100))
        .defaultSubqueryStep(Duration.ofMinutes(1))
        .experimentalFunctions(true)
        .build();
    List<Outcome> out = new ArrayList<>();
    boolean nativeData = false;
    for (Command c : script.commands()) {
      switch (c) {
        case Clear cl -> {
          storage.clear();
          nativeData = false;
        }
        case Load l -> {
          load(l);
          nativeData |= l.withNhcb() || l.series().stream().anyMatch(SeriesLine::nativeHistogram);
        }
        case Eval e -> out.add(new Outcome(e, check(engine, e), nativeData));
      }
    }
    return out;
  }

  private void load(Load l) {
    for (SeriesLine s : l.series()) {
      List<Double> values = s.values();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null && !ScriptParser.isNative(values.get(i))) {
          storage.append(s.labels(), i * l.intervalMs(), values.get(i));
        }
      }
    }
    storage.commit();
  }

  private static String check(PromqlEngine engine, Eval e) {
    QueryResult result;
    try {
      result = e.range
          ? engine.rangeQuery(e.expr, Instant.ofEpochMilli(e.start), Instant.ofEpochMilli(e.end),
              Duration.ofMillis(e.step))
          : engine.instantQuery(e.expr, Instant.ofEpochMilli(e.start));
    } catch (PromqlException ex) {
      if (!e.fail) {
        return "unexpected error: " + ex.getMessage();
      }
      if (e.failMsg != null && !e.failMsg.equals(ex.getMessage())
          && !(ex instanceof PromqlParseException p && e.failMsg.equals(p.detail()))) {
        return "expected error \"" + e.failMsg + "\" but got \"" + ex.getMessage() + "\"";
      }
      if (e.failRegex != null && !Pattern.compile(e.failRegex).matcher(ex.getMessage()).find()) {
        return "expected error matching " + e.failRegex + " but got \"" + ex.getMessage() + "\"";
      }
      return null;
    } catch (RuntimeException | StackOverflowError ex) {
      return "engine crashed: " + ex;
    }
    if (e.fail) {
      return "expected an error, got " + result.value().typeName();
    }
    String annotations = checkAnnotations(e, result);
    if (annotations != null) {
      return annotations;
    }
    if (e.usesNativeHistograms()) {
      return "expects native histogram samples";
    }
    String direct = compare(e, result.value());
    if (direct != null || e.range) {
      return direct;
    }
    return rangeAgreement(engine, e, result.value());
  }

  private static final Pattern QUERY_BOUNDS = Pattern.compile("(?i)\\b(start|end|range|step)\\s*\\(");

  /**
   * The upstream harness also runs each instant eval as a range query from t-1m to t+1m (step 1m)
   * and expects the middle step to equal the instant result; we make the same check.
   */
  private static String rangeAgreement(PromqlEngine engine, Eval e, PromqlValue instant) {
    if (QUERY_BOUNDS.matcher(e.expr).find() || instant instanceof PromqlValue.Matrix
        || instant instanceof PromqlValue.Str) {
      return null;
    }
    QueryResult r;
    try {
      r = engine.rangeQuery(e.expr, Instant.ofEpochMilli(e.start - 60_000), Instant.ofEpochMilli(e.start + 60_000),
          Duration.ofMinutes(1));
    } catch (PromqlException ex) {
      return "as a range query: unexpected error: " + ex.getMessage();
    }
    Map<Labels, Double> middle = new HashMap<>();
    for (RangeSeries s : ((PromqlValue.Matrix) r.value()).series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestampsMs()[i] == e.start) {
          middle.put(s.labels(), s.values()[i]);
        }
      }
    }
    Map<Labels, Double> want = new HashMap<>();
    if (instant instanceof PromqlValue.Scalar sc) {
      want.put(Labels.empty(), sc.value());
    } else {
      for (InstantSample s : ((PromqlValue.Vector) instant).samples()) {
        want.put(s.labels(), s.value());
      }
    }
    if (!middle.keySet().equals(want.keySet())) {
      return "as a range query the middle step has series " + middle.keySet() + ", instant query " + want.keySet();
    }
    for (Map.Entry<Labels, Double> w : want.entrySet()) {
      if (!Floats.equal(w.getValue(), middle.get(w.getKey()))) {
        return "as a range query " + w.getKey() + " = " + middle.get(w.getKey()) + ", instant query " + w.getValue();
      }
    }
    return null;
  }

  private static String checkAnnotations(Eval e, QueryResult r) {
    for (String kind : List.of("warn", "info")) {
      List<String> got = kind.equals("warn") ? r.warnings() : r.infos();
      List<Annotation> want = e.annotations.stream().filter(a -> a.kind().equals(kind)).toList();
      boolean none = kind.equals("warn") ? e.noWarn : e.noInfo;
      if (none && !got.isEmpty()) {
        return "expected no " + kind + " annotations, got " + got;
      }
      if (want.isEmpty()) {
        continue;
      }
      if (got.isEmpty()) {
        return "expected " + kind + " annotations, got none";
      }
      for (Annotation a : want) {
        if (a.msg() != null && !got.contains(a.msg())) {
          return "expected " + kind + " \"" + a.msg() + "\", got " + got;
        }
        if (a.regex() != null && got.stream().noneMatch(g -> Pattern.compile(a.regex()).matcher(g).find())) {
          return "expected " + kind + " matching " + a.regex() + ", got " + got;
        }
      }
    }
    return null;
  }

  private static String compare(Eval e, PromqlValue v) {
    if (e.expectString != null) {
      return v instanceof PromqlValue.Str s && s.value().equals(e.expectString) ? null
          : "expected string \"" + e.expectString + "\", got " + describe(v);
    }
    if (e.scalar != null) {
      return v instanceof PromqlValue.Scalar s && Floats.equal(e.scalar, s.value()) ? null
          : "expected scalar " + e.scalar + ", got " + describe(v);
    }
    return switch (v) {
      case PromqlValue.Scalar s -> e.series.isEmpty() ? "expected an empty result, got scalar " + s.value()
          : "expected a vector, got scalar " + s.value();
      case PromqlValue.Str s -> "expected a vector, got string " + s.value();
      case PromqlValue.Vector vec -> compareVector(e, vec.samples());
      case PromqlValue.Matrix m -> compareMatrix(e, m.series());
    };
  }

  private static String compareVector(Eval e, List<InstantSample> got) {
    if (got.size() != e.series.size()) {
      return "expected " + e.series.size() + " samples, got " + got.size() + ": " + describe(got);
    }
    Map<Labels, Integer> index = new HashMap<>();
    for (int i = 0; i < got.size(); i++) {
      index.put(got.get(i).labels(), i);
    }
    for (int i = 0; i < e.series.size(); i++) {
      SeriesLine want = e.series.get(i);
      Integer at = index.get(want.labels());
      if (at == null) {
        return "missing series " + want.labels() + "; got " + describe(got);
      }
      if (e.ordered && at != i) {
        return "series " + want.labels() + " at position " + at + ", expected " + i;
      }
      if (want.values().size() != 1) {
        return "malformed expectation for " + want.labels();
      }
      double w = want.values().get(0);
      if (!Floats.equal(w, got.get(at).value())) {
        return "series " + want.labels() + ": expected " + w + ", got " + got.get(at).value();
      }
    }
    return null;
  }

  private static String compareMatrix(Eval e, List<RangeSeries> got) {
    long start;
    long step;
    if (e.range) {
      start = e.start;
      step = e.step;
    } else if (e.rangeVector != null) {
      start = e.rangeVector[0];
      step = e.rangeVector[2];
    } else {
      return "got a range vector but the eval has no 'expect range vector'";
    }
    Map<Labels, RangeSeries> byLabels = new LinkedHashMap<>();
    for (RangeSeries s : got) {
      byLabels.put(s.labels(), s);
    }
    if (byLabels.size() != e.series.size()) {
      return "expected " + e.series.size() + " series, got " + byLabels.size() + ": " + byLabels.keySet();
    }
    for (SeriesLine want : e.series) {
      RangeSeries s = byLabels.get(want.labels());
      if (s == null) {
        return "missing series " + want.labels() + "; got " + byLabels.keySet();
      }
      Map<Long, Double> points = new HashMap<>();
      for (int i = 0; i < s.size(); i++) {
        points.put(s.timestampsMs()[i], s.values()[i]);
      }
      int expectedPoints = 0;
      for (int i = 0; i < want.values().size(); i++) {
        Double w = want.values().get(i);
        long ts = start + i * step;
        Double g = points.get(ts);
        if (w == null) {
          if (g != null) {
            return "series " + want.labels() + " at " + ts + "ms: expected no point, got " + g;
          }
          continue;
        }
        expectedPoints++;
        if (g == null || !Floats.equal(w, g)) {
          return "series " + want.labels() + " at " + ts + "ms: expected " + w + ", got " + g;
        }
      }
      if (expectedPoints != s.size()) {
        return "series " + want.labels() + ": expected " + expectedPoints + " points, got " + s.size();
      }
    }
    return null;
  }

  private static String describe(Object o) {
    String s = String.valueOf(o);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /** The harness's float comparison: relative tolerance 1e-6, NaN equals NaN. */
  static final class Floats {
    private Floats() {}

    static boolean equal(double a, double b) {
      if (Double.isNaN(a) && Double.isNaN(b)) {
        return true;
      }
      if (a == b) {
        return true;
      }
      double absSum = Math.abs(a) + Math.abs(b);
      double diff = Math.abs(a - b);
      if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
        return diff < 1e-6 * Double.MIN_NORMAL;
      }
      return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
    }
  }
}
