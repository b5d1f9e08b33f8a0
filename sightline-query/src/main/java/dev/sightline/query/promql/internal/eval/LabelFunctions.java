package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** label_replace, label_join and the sort family. */
final class LabelFunctions {
  private LabelFunctions() {}

  static Value eval(Evaluator ev, Call c, long t) {
    List<Sample> in = Functions.vector(ev, c.args().get(0), t);
    String dst = Functions.string(ev, c.args().get(1), t).s();
    if (!validLabelName(dst)) {
      throw new PromqlException(Kind.EXECUTION, "invalid destination label name in "
          + c.function().functionName() + "(): " + dst);
    }
    List<Sample> out = new ArrayList<>(in.size());
    if (c.function() == Function.LABEL_REPLACE) {
      String replacement = Functions.string(ev, c.args().get(2), t).s();
      String src = Functions.string(ev, c.args().get(3), t).s();
      String regex = Functions.string(ev, c.args().get(4), t).s();
      Pattern pattern;
      try {
        pattern = Pattern.compile("^(?s:" + regex + ")$");
      } catch (PatternSyntaxException e) {
        throw new PromqlException(Kind.EXECUTION, "invalid regular expression in label_replace(): " + regex);
      }
      for (Sample s : in) {
        String value = s.labels().get(src);
        Matcher m = pattern.matcher(value == null ? "" : value);
        if (!m.matches()) {
          out.add(s);
          continue;
        }
        String res = expand(replacement, m);
        out.add(relabel(s, dst, res));
      }
    } else {
      String sep = Functions.string(ev, c.args().get(2), t).s();
      List<String> srcs = new ArrayList<>();
      for (int i = 3; i < c.args().size(); i++) {
        srcs.add(Functions.string(ev, c.args().get(i), t).s());
      }
      for (Sample s : in) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < srcs.size(); i++) {
          if (i > 0) {
            sb.append(sep);
          }
          String v = s.labels().get(srcs.get(i));
          sb.append(v == null ? "" : v);
        }
        out.add(relabel(s, dst, sb.toString()));
      }
    }
    java.util.Set<Labels> seen = new java.util.HashSet<>();
    for (Sample s : out) {
      if (!seen.add(s.labels())) {
        throw new PromqlException(Kind.EXECUTION, "vector cannot contain metrics with the same labelset");
      }
    }
    return new Vector(out);
  }

  private static Sample relabel(Sample s, String dst, String value) {
    Labels l = s.labels().toBuilder().set(dst, value).build();
    boolean drop = s.dropName() && !dst.equals(Labels.METRIC_NAME);
    return new Sample(l, s.t(), s.v(), drop);
  }

  static boolean validLabelName(String s) {
    return !s.isEmpty() && dev.sightline.query.promql.internal.parse.RawBytes.isValidUtf8(s);
  }

  /** Go's regexp Expand: $1, ${1}, $name, ${name}, $$; a name takes the longest run of word characters. */
  static String expand(String template, Matcher m) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= template.length()) {
        sb.append(ch);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          sb.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        name = template.substring(i + 1, j);
        end = j;
      }
      if (name.isEmpty()) {
        sb.append(ch);
        i++;
        continue;
      }
      sb.append(group(m, name));
      i = end;
    }
    return sb.toString();
  }

  private static String group(Matcher m, String name) {
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int n = Integer.parseInt(name);
        String g = n <= m.groupCount() ? m.group(n) : null;
        return g == null ? "" : g;
      }
      String g = m.group(name);
      return g == null ? "" : g;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "";
    }
  }

  static Value sort(Evaluator ev, Call c, long t) {
    List<Sample> in = new ArrayList<>(Functions.vector(ev, c.args().get(0), t));
    if (ev.startMs() != ev.endMs()) {
      ev.annotations().warn("sort is ineffective for range queries since results are always ordered by labels",
          c.pos());
    }
    Comparator<Sample> cmp = switch (c.function()) {
      case SORT -> (x, y) -> nanLast(x.v(), y.v(), false);
      case SORT_DESC -> (x, y) -> nanLast(x.v(), y.v(), true);
      default -> {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
          names.add(Functions.string(ev, c.args().get(i), t).s());
        }
        Comparator<Sample> byLabels = (x, y) -> {
          for (String n : names) {
            int r = NaturalOrder.compare(orEmpty(x.labels().get(n)), orEmpty(y.labels().get(n)));
            if (r != 0) {
              return r;
            }
          }
          return x.labels().compareTo(y.labels());
        };
        yield c.function() == Function.SORT_BY_LABEL_DESC ? byLabels.reversed() : byLabels;
      }
    };
    in.sort(cmp);
    return new Vector(in);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static int nanLast(double a, double b, boolean desc) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
    }
    return desc ? Double.compare(b, a) : Double.compare(a, b);
  }
}
