package dev.sightline.alerting.rules.template.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's fmt for the values templates handle: {@code %v} printing, and {@code printf} verbs
 * (v s d f F e E g G q x X t %, flags {@code -+ 0#}, width, precision), including Go's {@code %!verb(type=value)}
 * for mismatches, so that rendered annotations match Prometheus's byte for byte.
 */
public final class GoFormat {
  private GoFormat() {}

  /** fmt.Sprint of one value. */
  public static String print(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Double d) {
      return formatG(d, -1, false);
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("map[");
      boolean first = true;
      for (var e : new TreeMap<>(m).entrySet()) {
        b.append(first ? "" : " ").append(print(e.getKey())).append(':').append(print(e.getValue()));
        first = false;
      }
      return b.append(']').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : " ").append(print(l.get(i)));
      }
      return b.append(']').toString();
    }
    return v.toString();
  }

  /** strconv.FormatFloat(v, 'g', prec, 64); prec -1 for the shortest representation. */
  public static String formatG(double v, int prec, boolean upper) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = v < 0 || (v == 0 && 1 / v < 0);
    double a = Math.abs(v);
    boolean shortest = prec < 0;
    String digits;
    int dp;
    if (a == 0) {
      digits = "";
      dp = 0;
    } else {
      BigDecimal bd = shortest ? new BigDecimal(Double.toString(a))
          : new BigDecimal(a).round(new MathContext(Math.max(prec, 1), RoundingMode.HALF_EVEN));
      bd = bd.stripTrailingZeros();
      digits = bd.unscaledValue().toString();
      dp = digits.length() - bd.scale();
    }
    int nd = digits.length();
    if (shortest) {
      prec = nd;
    } else if (prec == 0) {
      prec = 1;
    }
    int eprec = prec;
    if (eprec > nd && nd >= dp) {
      eprec = nd;
    }
    if (shortest) {
      eprec = 6;
    }
    int exp = dp - 1;
    String s;
    if (a != 0 && (exp < -4 || exp >= eprec)) {
      if (prec > nd) {
        prec = nd;
      }
      s = fmtE(digits, dp, prec - 1, upper ? 'E' : 'e');
    } else {
      if (prec > dp) {
        prec = nd;
      }
      s = fmtF(digits, dp, Math.max(prec - dp, 0));
    }
    return neg ? "-" + s : s;
  }

  /** strconv.FormatFloat(v, 'e', -1, 64), the form Prometheus's API gives alert values in. */
  public static String formatExp(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0e+00";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String d = bd.unscaledValue().toString();
    int dp = d.length() - bd.scale();
    return (v < 0 ? "-" : "") + fmtE(d, dp, d.length() - 1, 'e');
  }

  private static String fmtE(String d, int dp, int prec, char e) {
    StringBuilder b = new StringBuilder();
    b.append(d.isEmpty() ? '0' : d.charAt(0));
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        b.append(i < d.length() ? d.charAt(i) : '0');
      }
    }
    int exp = d.isEmpty() ? 0 : dp - 1;
    b.append(e).append(exp < 0 ? '-' : '+');
    int ax = Math.abs(exp);
    if (ax < 10) {
      b.append('0');
    }
    return b.append(ax).toString();
  }

  private static String fmtF(String d, int dp, int prec) {
    StringBuilder b = new StringBuilder();
    if (dp > 0) {
      for (int i = 0; i < dp; i++) {
        b.append(i < d.length() ? d.charAt(i) : '0');
      }
    } else {
      b.append('0');
    }
    if (prec > 0) {
      b.append('.');
      for (int i = 0; i < prec; i++) {
        int j = dp + i;
        b.append(j >= 0 && j < d.length() ? d.charAt(j) : '0');
      }
    }
    return b.toString();
  }

  private static String goType(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Long || v instanceof Integer) {
      return "int";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Map) {
      return "map[string]string";
    }
    return v.getClass().getSimpleName();
  }

  /** fmt.Sprintf. */
  public static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argi = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      boolean sharp = false;
      for (; i < format.length(); i++) {
        char f = format.charAt(i);
        if (f == '-') {
          minus = true;
        } else if (f == '+') {
          plus = true;
        } else if (f == '0') {
          zero = true;
        } else if (f == ' ') {
          space = true;
        } else if (f == '#') {
          sharp = true;
        } else {
          break;
        }
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i)) && i - start < 4) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(format.substring(start, i));
      }
      int prec = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        i++;
        start = i;
        while (i < format.length() && Character.isDigit(format.charAt(i)) && i - start < 4) {
          i++;
        }
        prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object a = args.get(argi++);
      String s = one(verb, a, prec, plus, space, sharp);
      if (width > s.length()) {
        String pad = (zero && !minus && !(a instanceof String) ? "0" : " ").repeat(width - s.length());
        if (minus) {
          s = s + pad;
        } else if (pad.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) {
          s = s.charAt(0) + pad + s.substring(1);
        } else {
          s = pad + s;
        }
      }
      out.append(s);
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        out.append(k > argi ? ", " : "").append(goType(args.get(k))).append('=').append(print(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String one(char verb, Object a, int prec, boolean plus, boolean space, boolean sharp) {
    String bad = "%!" + verb + "(" + goType(a) + "=" + print(a) + ")";
    String s;
    switch (verb) {
      case 'v' -> s = a instanceof Double d ? formatG(d, -1, false) : print(a);
      case 's' -> {
        if (a instanceof Double || a instanceof Long || a instanceof Boolean) {
          return bad;
        }
        s = print(a);
        if (prec >= 0 && s.length() > prec) {
          s = s.substring(0, prec);
        }
      }
      case 'q' -> {
        if (!(a instanceof String str)) {
          return bad;
        }
        s = quote(str);
      }
      case 't' -> {
        if (!(a instanceof Boolean)) {
          return bad;
        }
        s = a.toString();
      }
      case 'd' -> {
        if (!(a instanceof Long || a instanceof Integer)) {
          return bad;
        }
        s = a.toString();
      }
      case 'x', 'X' -> {
        if (a instanceof Long l) {
          s = Long.toHexString(l);
        } else if (a instanceof String str) {
          StringBuilder h = new StringBuilder();
          for (byte b : str.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h.append(String.format("%02x", b & 0xff));
          }
          s = h.toString();
        } else {
          return bad;
        }
        if (verb == 'X') {
          s = s.toUpperCase(java.util.Locale.ROOT);
        }
      }
      case 'f', 'F', 'e', 'E', 'g', 'G' -> {
        double d;
        if (a instanceof Double x) {
          d = x;
        } else {
          return bad;
        }
        if (Double.isNaN(d)) {
          s = "NaN";
        } else if (Double.isInfinite(d)) {
          s = d > 0 ? "+Inf" : "-Inf";
        } else if (verb == 'f' || verb == 'F') {
          s = new BigDecimal(d).setScale(prec < 0 ? 6 : prec, RoundingMode.HALF_EVEN).toPlainString();
          if (d < 0 && !s.startsWith("-")) {
            s = "-" + s;
          }
        } else if (verb == 'e' || verb == 'E') {
          s = String.format(java.util.Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + (verb == 'e' ? "e" : "E"), d);
        } else {
          s = formatG(d, prec, verb == 'G');
        }
      }
      default -> {
        return "%!" + verb + "(" + goType(a) + "=" + print(a) + ")";
      }
    }
    if ((plus || space) && a instanceof Number n && n.doubleValue() >= 0 && !s.startsWith("+")) {
      s = (plus ? "+" : " ") + s;
    }
    return s;
  }

  /** strconv.Quote. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
