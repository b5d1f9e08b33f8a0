package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.PromqlValue;
import dev.sightline.query.promql.QueryResult;
import dev.sightline.query.promql.RangeSeries;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.ValueType;
import dev.sightline.query.promql.internal.eval.Evaluator.SeriesBuilder;
import dev.sightline.query.promql.internal.eval.Value.Matrix;
import dev.sightline.query.promql.internal.eval.Value.Points;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Str;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a parsed query as an instant or range query and shapes the public result. */
public final class QueryRunner {
  private QueryRunner() {}

  public static QueryResult instant(Evaluator.Settings settings, String query, Expr expr, long timeMs) {
    Evaluator ev = new Evaluator(settings, query, timeMs, timeMs, 0);
    ev.prefetch(expr);
    ev.beginStep();
    Value v = ev.eval(expr, timeMs);
    PromqlValue out = switch (v) {
      case Scalar s -> new PromqlValue.Scalar(timeMs, s.v());
      case Str s -> new PromqlValue.Str(timeMs, s.s());
      case Vector vec -> {
        List<InstantSample> samples = new ArrayList<>();
        for (Sample s : finish(vec.samples())) {
          samples.add(new InstantSample(s.labels(), timeMs, s.v()));
        }
        yield new PromqlValue.Vector(samples);
      }
      case Matrix m -> new PromqlValue.Matrix(matrix(m.series()));
    };
    return new QueryResult(out, ev.annotations().warnings(), ev.annotations().infos());
  }

  public static QueryResult range(Evaluator.Settings settings, String query, Expr expr, long startMs, long endMs,
      long stepMs) {
    return range(settings, query, expr, startMs, endMs, stepMs, true);
  }

  /** {@code useTables} false: every step on the general path (see {@link RangeAggregation}). */
  static QueryResult range(Evaluator.Settings settings, String query, Expr expr, long startMs, long endMs,
      long stepMs, boolean useTables) {
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw new PromqlException(Kind.BAD_DATA, "invalid expression type \"" + expr.type().display()
          + "\" for range query, must be Scalar or instant Vector");
    }
    Evaluator ev = new Evaluator(settings, query, startMs, endMs, stepMs, useTables);
    ev.prefetch(expr);
    Map<Labels, SeriesBuilder> acc = new LinkedHashMap<>();
    long total = 0;
    for (long t = startMs; t <= endMs; t += stepMs) {
      ev.beginStep();
      Value v = ev.eval(expr, t);
      if (v instanceof Scalar s) {
        acc.computeIfAbsent(Labels.empty(), l -> new SeriesBuilder(l, false)).add(t, s.v());
        total++;
      } else {
        for (Sample s : finish(((Vector) v).samples())) {
          acc.computeIfAbsent(s.labels(), l -> new SeriesBuilder(l, false)).add(t, s.v());
          total++;
        }
      }
      if (total > settings.maxSamples()) {
        throw new PromqlException(Kind.EXECUTION,
            "query processing would load too many samples into memory in query execution");
      }
      if (stepMs <= 0) {
        break;
      }
    }
    List<RangeSeries> series = new ArrayList<>();
    for (SeriesBuilder b : acc.values()) {
      series.add(new RangeSeries(b.labels, Arrays.copyOf(b.t, b.n), Arrays.copyOf(b.v, b.n)));
    }
    series.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new QueryResult(new PromqlValue.Matrix(series), ev.annotations().warnings(), ev.annotations().infos());
  }

  /** Applies delayed name removal, then refuses duplicate label sets as Prometheus does. */
  static List<Sample> finish(List<Sample> samples) {
    List<Sample> out = new ArrayList<>(samples.size());
    Set<Labels> seen = new HashSet<>();
    for (Sample s : samples) {
      Labels l = s.dropName() ? dropName(s.labels()) : s.labels();
      if (!seen.add(l)) {
        throw new PromqlException(Kind.EXECUTION, "vector cannot contain metrics with the same labelset");
      }
      out.add(new Sample(l, s.t(), s.v(), false));
    }
    return out;
  }

  /** The name goes, and with it the type and unit metadata labels that describe it (type-and-unit labels). */
  static Labels dropName(Labels l) {
    return l.toBuilder().remove(Labels.METRIC_NAME).remove("__type__").remove("__unit__").build();
  }

  private static List<RangeSeries> matrix(List<Points> series) {
    List<RangeSeries> out = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    for (Points p : series) {
      Labels l = p.dropName() ? dropName(p.labels()) : p.labels();
      if (!seen.add(l)) {
        throw new PromqlException(Kind.EXECUTION, "vector cannot contain metrics with the same labelset");
      }
      out.add(new RangeSeries(l, Arrays.copyOf(p.t(), p.size()), Arrays.copyOf(p.v(), p.size())));
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return out;
  }
}
