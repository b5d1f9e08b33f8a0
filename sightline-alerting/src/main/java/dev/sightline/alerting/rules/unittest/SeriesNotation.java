package dev.sightline.alerting.rules.unittest;

import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's input series notation: a series selector ({@code up{job="a"}}) and values such as
 * {@code 1+1x10} (11 values 1..11), {@code 0-2x3}, {@code 5x4} (5 five times), {@code _} (no sample),
 * {@code _x3}, {@code stale}, {@code 1 _ 3}, {@code 1x5 2x5}, {@code Inf}, {@code NaN}. Native histogram
 * notation ({@code {{schema:1 ...}}}) is recognised and refused.
 */
public final class SeriesNotation {
  /** A missing sample. */
  public static final Double MISSING = null;
  /** Largest number of values one series may expand to (bounds hostile input). */
  public static final int MAX_VALUES = 5_000_000;

  private static final Pattern EXPAND = Pattern.compile("(.+?)(?:([+-])(.+?))?x(\\d+)");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private SeriesNotation() {}

  /** Thrown for notation that does not parse. */
  public static final class NotationException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotationException(String message) {
      super(message);
    }
  }

  /** The values in order, one per interval; {@code null} for a missing sample, a stale NaN for {@code stale}. */
  public static List<Double> values(String text) throws NotationException {
    List<Double> out = new ArrayList<>();
    if (text.contains("{{")) {
      throw new NotationException("native histogram samples are not supported: " + text);
    }
    for (String tok : text.trim().split("\\s+")) {
      if (tok.isEmpty()) {
        continue;
      }
      Matcher m = EXPAND.matcher(tok);
      if (m.matches() && !tok.equalsIgnoreCase("Inf")) {
        long n = Long.parseLong(m.group(4).length() > 9 ? "999999999" : m.group(4));
        if (out.size() + n + 1 > MAX_VALUES) {
          throw new NotationException("series expands to more than " + MAX_VALUES + " values: " + tok);
        }
        if (m.group(1).equals("_")) {
          if (m.group(2) != null) {
            throw new NotationException("invalid expanding notation for missing values: " + tok);
          }
          for (long i = 0; i <= n; i++) {
            out.add(MISSING);
          }
          continue;
        }
        if (m.group(1).equals("stale")) {
          throw new NotationException("stale cannot be repeated: " + tok);
        }
        double start = number(m.group(1), tok);
        double step = m.group(2) == null ? 0 : number(m.group(3), tok) * (m.group(2).equals("-") ? -1 : 1);
        for (long i = 0; i <= n; i++) {
          out.add(start + step * i);
        }
        continue;
      }
      if (tok.equals("_")) {
        out.add(MISSING);
      } else if (tok.equals("stale")) {
        out.add(dev.sightline.store.metrics.StaleMarker.STALE_NAN);
      } else {
        out.add(number(tok, tok));
      }
    }
    return out;
  }

  private static double number(String s, String tok) throws NotationException {
    String t = s.startsWith("+") ? s.substring(1) : s;
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    try {
      if (t.matches("-?0[xX][0-9a-fA-F]+")) {
        return Long.decode(t);
      }
      if (!t.matches("-?[0-9.]+([eE][+-]?[0-9]+)?")) {
        throw new NumberFormatException();
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new NotationException("invalid value \"" + s + "\" in \"" + tok + "\"");
    }
  }

  /** Parses {@code name{l="v", ...}}, {@code {l="v"}} or {@code name}. */
  public static Labels selector(String text) throws NotationException {
    String s = text.trim();
    Labels.Builder b = Labels.builder();
    int i = 0;
    Matcher m = NAME.matcher(s);
    if (m.lookingAt()) {
      b.set(Labels.METRIC_NAME, m.group());
      i = m.end();
    }
    if (i < s.length()) {
      if (s.charAt(i) != '{') {
        throw new NotationException("1:" + (i + 1) + ": parse error: unexpected character in series: \""
            + s.charAt(i) + "\" in " + text);
      }
      i++;
      while (true) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i < s.length() && s.charAt(i) == '}') {
          i++;
          break;
        }
        Matcher n = NAME.matcher(s).region(i, s.length());
        if (!n.lookingAt()) {
          throw new NotationException("1:" + (i + 1) + ": parse error: unexpected end of input or character inside braces in "
              + text);
        }
        String name = n.group();
        i = n.end();
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= s.length() || s.charAt(i) != '=') {
          throw new NotationException("1:" + (i + 1) + ": parse error: expected \"=\" after label name in " + text);
        }
        i++;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= s.length() || s.charAt(i) != '"') {
          throw new NotationException("1:" + (i + 1) + ": parse error: expected quoted label value in " + text);
        }
        StringBuilder v = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            char e = s.charAt(i++);
            v.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
          } else {
            v.append(c);
          }
        }
        if (i >= s.length()) {
          throw new NotationException("1:" + (i + 1) + ": parse error: unterminated quoted string in " + text);
        }
        i++;
        b.set(name, v.toString());
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
        } else if (i >= s.length() || s.charAt(i) != '}') {
          throw new NotationException("1:" + (i + 1) + ": parse error: unexpected end of input inside braces in "
              + text);
        }
      }
      if (i != s.length()) {
        throw new NotationException("1:" + (i + 1) + ": parse error: unexpected characters after series in " + text);
      }
    }
    return b.build();
  }
}
