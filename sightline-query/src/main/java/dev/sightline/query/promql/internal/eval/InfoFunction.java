package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.ast.Expr.Binary;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.Paren;
import dev.sightline.query.promql.internal.ast.Expr.Subquery;
import dev.sightline.query.promql.internal.ast.Expr.Unary;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.ast.ValueType;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * info(v, {selector}): enriches each series with the data labels of the info series (default
 * {@code target_info}) that share its identifying labels {@code instance} and {@code job}. Labels the
 * series already has win; info series themselves are returned unchanged.
 */
final class InfoFunction {
  private static final List<String> IDENTIFYING = List.of("instance", "job");

  private InfoFunction() {}

  static Value eval(Evaluator ev, Call c, long t) {
    List<Sample> base = Functions.vector(ev, c.args().get(0), t);
    VectorSelector selector = (VectorSelector) c.args().get(1);
    List<LabelMatcher> nameMatchers = new ArrayList<>();
    List<LabelMatcher> dataMatchers = new ArrayList<>();
    for (LabelMatcher m : selector.matchers()) {
      (m.name().equals(Labels.METRIC_NAME) ? nameMatchers : dataMatchers).add(m);
    }
    if (nameMatchers.isEmpty()) {
      nameMatchers.add(LabelMatcher.equal(Labels.METRIC_NAME, "target_info"));
    }
    List<Sample> infos = new ArrayList<>();
    for (Sample s : ev.instantSelect(selector, referenceTime(ev, c.args().get(0), t)).samples()) {
      String name = s.labels().metricName();
      if (name != null && name.endsWith("_info") && matchesAll(nameMatchers, s.labels())) {
        infos.add(s);
      }
    }
    boolean requiresMatch = dataMatchers.stream().anyMatch(m -> !m.matchesEmpty());
    List<Sample> out = new ArrayList<>();
    for (Sample s : base) {
      String baseName = s.labels().metricName();
      if (baseName != null && baseName.endsWith("_info") && matchesAll(nameMatchers, s.labels())) {
        out.add(s);
        continue;
      }
      Labels.Builder b = s.labels().toBuilder();
      boolean matched = false;
      for (Sample info : infos) {
        if (!sameIdentity(s.labels(), info.labels())) {
          continue;
        }
        matched = true;
        for (int i = 0; i < info.labels().size(); i++) {
          String name = info.labels().name(i);
          if (name.equals(Labels.METRIC_NAME) || IDENTIFYING.contains(name) || b.get(name) != null) {
            continue;
          }
          if (!dataMatchers.isEmpty() && dataMatchers.stream().noneMatch(m -> m.name().equals(name))) {
            continue;
          }
          b.set(name, info.labels().value(i));
        }
      }
      if (!matched && requiresMatch) {
        continue;
      }
      out.add(new Sample(b.build(), s.t(), s.v(), s.dropName()));
    }
    return new Vector(out);
  }

  /**
   * The time info series are read at: the base expression's own reference time, following its
   * {@code @} and offset modifiers (through subqueries), so enrichment matches the samples it joins.
   */
  static long referenceTime(Evaluator ev, Expr e, long t) {
    return switch (e) {
      case VectorSelector vs -> (vs.at() == null ? t : ev.atTime(vs.at())) - vs.offsetMs();
      case MatrixSelector ms -> referenceTime(ev, ms.selector(), t);
      case Subquery sq -> referenceTime(ev, sq.expr(), (sq.at() == null ? t : ev.atTime(sq.at())) - sq.offsetMs());
      case Paren p -> referenceTime(ev, p.expr(), t);
      case Unary u -> referenceTime(ev, u.expr(), t);
      case Binary b -> referenceTime(ev, b.lhs(), t);
      case Aggregate a -> referenceTime(ev, a.expr(), t);
      case Call c -> c.args().stream().filter(a -> a.type() == ValueType.VECTOR || a.type() == ValueType.MATRIX)
          .findFirst().map(a -> referenceTime(ev, a, t)).orElse(t);
      default -> t;
    };
  }

  private static boolean sameIdentity(Labels series, Labels info) {
    for (String l : IDENTIFYING) {
      String v = info.get(l);
      if (v == null || !v.equals(series.get(l))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesAll(List<LabelMatcher> matchers, Labels l) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(l)) {
        return false;
      }
    }
    return true;
  }
}
