package dev.sightline.alerting.rules.template.internal;

import dev.sightline.alerting.rules.template.TemplateException;
import dev.sightline.alerting.rules.template.TemplateSample;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Go's template builtins and Prometheus's template functions, with their Go semantics and wording. */
public final class Functions {
  static final Object NO_ARG = new Object();

  public static final Set<String> NAMES = Set.of(
      // Go builtins
      "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
      "html", "js", "urlquery", "slice",
      // Prometheus
      "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title",
      "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "stripPort", "stripDomain", "humanize",
      "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration",
      "parseDuration", "pathPrefix", "externalURL", "now");

  private Functions() {}

  static Object call(Executor ex, String fn, List<Object> a) throws TemplateException {
    switch (fn) {
      case "and" -> {
        need(ex, fn, a, 1, 99);
        for (Object o : a) {
          if (!Executor.truth(o)) {
            return o;
          }
        }
        return a.get(a.size() - 1);
      }
      case "or" -> {
        need(ex, fn, a, 1, 99);
        for (Object o : a) {
          if (Executor.truth(o)) {
            return o;
          }
        }
        return a.get(a.size() - 1);
      }
      case "not" -> {
        need(ex, fn, a, 1, 1);
        return !Executor.truth(a.get(0));
      }
      case "len" -> {
        need(ex, fn, a, 1, 1);
        Object o = a.get(0);
        if (o instanceof String s) {
          return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (o instanceof List<?> l) {
          return (long) l.size();
        }
        if (o instanceof Map<?, ?> m) {
          return (long) m.size();
        }
        throw ex.error("error calling len: len of type " + GoFormat.print(o));
      }
      case "index" -> {
        need(ex, fn, a, 1, 99);
        Object o = a.get(0);
        for (int i = 1; i < a.size(); i++) {
          Object k = a.get(i);
          if (o instanceof Map<?, ?> m) {
            o = m.containsKey(k) ? m.get(k) : "";
          } else if (o instanceof List<?> l && k instanceof Long n) {
            if (n < 0 || n >= l.size()) {
              throw ex.error("error calling index: index out of range: " + n);
            }
            o = l.get(n.intValue());
          } else {
            throw ex.error("error calling index: cannot index " + GoFormat.print(o));
          }
        }
        return o;
      }
      case "print" -> {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
          // Go's Sprint adds spaces between operands when neither is a string.
          if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
            b.append(' ');
          }
          b.append(GoFormat.print(a.get(i)));
        }
        return b.toString();
      }
      case "println" -> {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
          b.append(i > 0 ? " " : "").append(GoFormat.print(a.get(i)));
        }
        return b.append('\n').toString();
      }
      case "printf" -> {
        need(ex, fn, a, 1, 99);
        return GoFormat.sprintf(string(ex, fn, a.get(0)), a.subList(1, a.size()));
      }
      case "eq" -> {
        need(ex, fn, a, 2, 99);
        for (int i = 1; i < a.size(); i++) {
          if (compare(ex, fn, a.get(0), a.get(i)) == 0) {
            return true;
          }
        }
        return false;
      }
      case "ne" -> {
        need(ex, fn, a, 2, 2);
        return compare(ex, fn, a.get(0), a.get(1)) != 0;
      }
      case "lt", "le", "gt", "ge" -> {
        need(ex, fn, a, 2, 2);
        int c = compare(ex, fn, a.get(0), a.get(1));
        return switch (fn) {
          case "lt" -> c < 0;
          case "le" -> c <= 0;
          case "gt" -> c > 0;
          default -> c >= 0;
        };
      }
      case "html", "safeHtml" -> {
        String s = joined(a);
        return fn.equals("safeHtml") ? s : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\"", "&#34;").replace("'", "&#39;");
      }
      case "js" -> {
        return joined(a).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"")
            .replace("<", "\\u003C").replace(">", "\\u003E");
      }
      case "urlquery" -> {
        return URLEncoder.encode(joined(a), StandardCharsets.UTF_8);
      }
      case "slice" -> {
        need(ex, fn, a, 1, 3);
        if (!(a.get(0) instanceof String s)) {
          throw ex.error("error calling slice: can't slice item of type " + GoFormat.print(a.get(0)));
        }
        int from = a.size() > 1 ? (int) (long) (Long) a.get(1) : 0;
        int to = a.size() > 2 ? (int) (long) (Long) a.get(2) : s.length();
        if (from < 0 || to > s.length() || from > to) {
          throw ex.error("error calling slice: index out of range");
        }
        return s.substring(from, to);
      }
      case "query" -> {
        need(ex, fn, a, 1, 1);
        if (ex.ctx.query() == null) {
          throw ex.error("error calling query: no query engine available here");
        }
        try {
          return new ArrayList<Object>(ex.ctx.query().run(string(ex, fn, a.get(0)), ex.ctx.time()));
        } catch (Exception e) {
          throw ex.error("error calling query: " + e.getMessage());
        }
      }
      case "first" -> {
        need(ex, fn, a, 1, 1);
        if (a.get(0) instanceof List<?> l && !l.isEmpty()) {
          return l.get(0);
        }
        throw ex.error("error calling first: first() called on vector with no elements");
      }
      case "label" -> {
        need(ex, fn, a, 2, 2);
        return a.get(1) instanceof TemplateSample s ? s.labels().getOrDefault(string(ex, fn, a.get(0)), "") : "";
      }
      case "value" -> {
        need(ex, fn, a, 1, 1);
        return a.get(0) instanceof TemplateSample s ? s.value() : 0.0;
      }
      case "strvalue" -> {
        need(ex, fn, a, 1, 1);
        return a.get(0) instanceof TemplateSample s ? s.labels().getOrDefault("__value__", "") : "";
      }
      case "sortByLabel" -> {
        need(ex, fn, a, 2, 2);
        String l = string(ex, fn, a.get(0));
        List<Object> v = new ArrayList<>((List<?>) a.get(1));
        v.sort(Comparator.comparing(o -> ((TemplateSample) o).labels().getOrDefault(l, "")));
        return v;
      }
      case "args" -> {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
          m.put("arg" + i, a.get(i));
        }
        return m;
      }
      case "reReplaceAll" -> {
        need(ex, fn, a, 3, 3);
        return regex(ex, fn, string(ex, fn, a.get(0))).matcher(string(ex, fn, a.get(2)))
            .replaceAll(goReplacement(string(ex, fn, a.get(1))));
      }
      case "match" -> {
        need(ex, fn, a, 2, 2);
        return regex(ex, fn, string(ex, fn, a.get(0))).matcher(string(ex, fn, a.get(1))).find();
      }
      case "title" -> {
        return title(string(ex, fn, one(ex, fn, a)));
      }
      case "toUpper" -> {
        return string(ex, fn, one(ex, fn, a)).toUpperCase(Locale.ROOT);
      }
      case "toLower" -> {
        return string(ex, fn, one(ex, fn, a)).toLowerCase(Locale.ROOT);
      }
      case "stripPort" -> {
        String s = string(ex, fn, one(ex, fn, a));
        int i = s.lastIndexOf(':');
        if (s.startsWith("[") && s.contains("]")) {
          return s.substring(1, s.indexOf(']'));
        }
        return i < 0 || s.indexOf(':') != i ? s : s.substring(0, i);
      }
      case "stripDomain" -> {
        String s = string(ex, fn, one(ex, fn, a));
        String port = "";
        int c = s.lastIndexOf(':');
        if (c >= 0 && s.indexOf(':') == c) {
          port = s.substring(c);
          s = s.substring(0, c);
        }
        if (s.matches("[0-9.]+") || s.contains(":")) {
          return s + port;
        }
        int dot = s.indexOf('.');
        return (dot < 0 ? s : s.substring(0, dot)) + port;
      }
      case "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp" -> {
        return Humanize.apply(fn, toFloat(ex, fn, one(ex, fn, a)));
      }
      case "toTime" -> {
        double v = toFloat(ex, fn, one(ex, fn, a));
        return new GoTime(Instant.ofEpochSecond((long) Math.floor(v), (long) ((v - Math.floor(v)) * 1e9)));
      }
      case "toDuration", "parseDuration" -> {
        Object o = one(ex, fn, a);
        if (fn.equals("parseDuration")) {
          try {
            return dev.sightline.alerting.rules.internal.PromDuration.parse(string(ex, fn, o)).toMillis() / 1000.0;
          } catch (IllegalArgumentException e) {
            throw ex.error("error calling parseDuration: " + e.getMessage());
          }
        }
        return toFloat(ex, fn, o);
      }
      case "externalURL" -> {
        return ex.ctx.externalUrl();
      }
      case "pathPrefix" -> {
        try {
          String p = URI.create(ex.ctx.externalUrl()).getPath();
          return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
          return "";
        }
      }
      case "graphLink", "tableLink" -> {
        String q = URLEncoder.encode(string(ex, fn, one(ex, fn, a)), StandardCharsets.UTF_8);
        return "/graph?g0.expr=" + q + "&g0.tab=" + (fn.equals("graphLink") ? "0" : "1");
      }
      case "now" -> {
        return ex.ctx.time().toEpochMilli() / 1000.0;
      }
      default -> throw ex.error("function \"" + fn + "\" not defined");
    }
  }

  private static String goReplacement(String r) {
    // Go expands $1, ${1}, $name; Java wants $1 / ${name} and a literal backslash escaped.
    return r.replace("\\", "\\\\").replaceAll("\\$\\{(\\d+)}", "\\$$1");
  }

  private static Pattern regex(Executor ex, String fn, String re) throws TemplateException {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw ex.error("error calling " + fn + ": error parsing regexp: " + e.getDescription());
    }
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return b.toString();
  }

  private static String joined(List<Object> a) {
    StringBuilder b = new StringBuilder();
    for (Object o : a) {
      b.append(GoFormat.print(o));
    }
    return b.toString();
  }

  private static Object one(Executor ex, String fn, List<Object> a) throws TemplateException {
    need(ex, fn, a, 1, 1);
    return a.get(0);
  }

  private static void need(Executor ex, String fn, List<Object> a, int min, int max) throws TemplateException {
    if (a.size() < min || a.size() > max) {
      throw ex.error("wrong number of args for " + fn + ": want " + (min == max ? min : "at least " + min)
          + " got " + a.size());
    }
  }

  private static String string(Executor ex, String fn, Object o) throws TemplateException {
    if (o instanceof String s) {
      return s;
    }
    throw ex.error("error calling " + fn + ": wrong type for value; expected string; got " + GoFormat.print(o));
  }

  static double toFloat(Executor ex, String fn, Object o) throws TemplateException {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s.trim().replace("Inf", "Infinity").replace("+Infinityinity", "Infinity"));
      } catch (NumberFormatException e) {
        throw ex.error("error calling " + fn + ": strconv.ParseFloat: parsing " + GoFormat.quote(s)
            + ": invalid syntax");
      }
    }
    if (o instanceof GoTime t) {
      return t.instant().getEpochSecond() + t.instant().getNano() / 1e9;
    }
    throw ex.error("error calling " + fn + ": can't convert " + GoFormat.print(o) + " to float");
  }

  private static int compare(Executor ex, String fn, Object x, Object y) throws TemplateException {
    if (x instanceof Number a && y instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (x instanceof String a && y instanceof String b) {
      return a.compareTo(b);
    }
    if (x instanceof Boolean a && y instanceof Boolean b && (fn.equals("eq") || fn.equals("ne"))) {
      return a.equals(b) ? 0 : 1;
    }
    if (x == null || y == null) {
      if (fn.equals("eq") || fn.equals("ne")) {
        return Objects.equals(x, y) ? 0 : 1;
      }
    }
    throw ex.error("error calling " + fn + ": incompatible types for comparison");
  }

  /** A time.Time, printed as Go prints one. */
  record GoTime(Instant instant) {
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    @Override
    public String toString() {
      String frac = "";
      int nanos = instant.getNano();
      if (nanos != 0) {
        frac = String.format(".%09d", nanos).replaceAll("0+$", "");
      }
      return F.format(instant) + frac + " +0000 UTC";
    }
  }
}
