package dev.sightline.query.lang.exec;

import java.util.List;
import java.util.Map;

/**
 * Rows of a query result. Each row maps column name to value ({@code Long}, {@code Double},
 * {@code String}, {@code Boolean}, a {@code List} for a multi-valued field, or null); {@code columns}
 * lists the column names in order (for {@code SELECT *}, every key seen, in first-seen order).
 */
public record QueryResult(List<String> columns, List<Map<String, Object>> rows, QueryStats stats) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
