package dev.sightline.server.http;

import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.parse.PromqlParser;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.List;

/** Parses the {@code match[]} series selectors of the metadata endpoints with the PromQL parser. */
public final class Selectors {
  private Selectors() {}

  public static List<LabelMatcher> parse(String selector) {
    Expr e;
    try {
      e = PromqlParser.parse(selector);
    } catch (PromqlException ex) {
      throw new PrometheusApi.BadData("invalid parameter \"match[]\": " + ex.getMessage());
    }
    if (!(e instanceof Expr.VectorSelector vs)) {
      throw new PrometheusApi.BadData("invalid parameter \"match[]\": expected a series selector such as "
          + "up{job=\"api\"}, got " + selector);
    }
    boolean selectsSomething = vs.matchers().stream().anyMatch(m -> !m.matchesEmpty());
    if (!selectsSomething) {
      throw new PrometheusApi.BadData("invalid parameter \"match[]\": match[] must contain at least one "
          + "non-empty matcher");
    }
    return vs.matchers();
  }
}
