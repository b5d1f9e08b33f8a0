package dev.sightline.query.promql.internal.parse;

import dev.sightline.query.promql.internal.ast.AggOp;
import java.util.Locale;
import java.util.Set;

/** Words PromQL reserves; they are lexed as identifiers and interpreted by the parser from context. */
final class Keywords {
  static final Set<String> OPERATORS = Set.of("and", "or", "unless", "atan2");
  static final Set<String> MODIFIERS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "offset");

  private Keywords() {}

  static String describe(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (OPERATORS.contains(w)) {
      return "<op:" + w + ">";
    }
    if (AggOp.byKeyword(w) != null) {
      return "<aggr:" + w + ">";
    }
    if (MODIFIERS.contains(w) || w.equals("start") || w.equals("end")) {
      return "<" + w + ">";
    }
    return "identifier \"" + word + "\"";
  }

  /** True for words that can never start or continue an expression as a metric name. */
  static boolean reserved(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return OPERATORS.contains(w) || MODIFIERS.contains(w);
  }
}
