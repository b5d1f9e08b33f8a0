package dev.sightline.query.lang;

import java.util.Objects;

/**
 * {@code ORDER BY key [ASC|DESC]}. In an aggregated query {@code key} is a result column name; otherwise
 * it is a column alias or any field of the row. Null values sort last in both directions.
 */
public record OrderBy(String key, boolean descending, Position position) {
  public OrderBy {
    Objects.requireNonNull(key, "key");
  }
}
