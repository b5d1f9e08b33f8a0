package dev.sightline.query.promql.internal.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Warnings and infos collected while evaluating, deduplicated, in Prometheus's wording. */
final class Annotations {
  private final String query;
  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> infos = new LinkedHashSet<>();

  Annotations(String query) {
    this.query = query;
  }

  void warn(String msg, int pos) {
    warnings.add("PromQL warning: " + msg + position(pos));
  }

  void info(String msg, int pos) {
    infos.add("PromQL info: " + msg + position(pos));
  }

  private String position(int pos) {
    if (pos < 0) {
      return "";
    }
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, query.length()); i++) {
      if (query.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return " (" + line + ":" + col + ")";
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  List<String> infos() {
    return List.copyOf(infos);
  }
}
