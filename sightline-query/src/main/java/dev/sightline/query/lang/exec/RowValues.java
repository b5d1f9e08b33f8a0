package dev.sightline.query.lang.exec;

import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.FilterEvaluator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads a field of a row the way filters do: canonical name with alias fallback, normalised values. */
final class RowValues {
  private RowValues() {}

  /** The field's values: none when missing, several for a multi-valued field. */
  static List<Object> all(Map<String, ?> row, String field) {
    Object raw = Fields.lookup(row, field);
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object e : c) {
        if (e != null) {
          out.add(FilterEvaluator.normalise(e));
        }
      }
      return out;
    }
    return List.of(FilterEvaluator.normalise(raw));
  }

  /** The field as one result value: null when missing, a list for a multi-valued field. */
  static Object single(Map<String, ?> row, String field) {
    Object raw = Fields.lookup(row, field);
    if (raw == null) {
      return null;
    }
    if (raw instanceof Collection<?>) {
      List<Object> all = all(row, field);
      return all.isEmpty() ? null : List.copyOf(all);
    }
    return FilterEvaluator.normalise(raw);
  }
}
