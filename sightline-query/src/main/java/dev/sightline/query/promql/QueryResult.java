package dev.sightline.query.promql;

import java.util.List;

/**
 * A query's value plus the annotations Prometheus returns beside it: {@code warnings} and
 * {@code infos}, each already worded as Prometheus words them
 * ({@code PromQL info: metric might not be a counter, ... (1:6)}).
 */
public record QueryResult(PromqlValue value, List<String> warnings, List<String> infos) {
  public QueryResult {
    warnings = List.copyOf(warnings);
    infos = List.copyOf(infos);
  }
}
