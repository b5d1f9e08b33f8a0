package dev.sightline.query.lang;

import java.util.Objects;

/**
 * {@code ORDER BY key [ASC|DESC]}. {@code key} is as written (a name, or an aggregate or bucket call in
 * normal form). In an aggregated query it names a result column (by alias, field or expression);
 * otherwise it is a column alias or any field of the row (aliases such as {@code body} are resolved to
 * their canonical field). Null values sort last in both directions.
 */
public record OrderBy(String key, boolean descending, Position position) {
  public OrderBy {
    Objects.requireNonNull(key, "key");
  }
}
