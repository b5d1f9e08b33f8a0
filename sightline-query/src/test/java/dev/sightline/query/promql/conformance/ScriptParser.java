package dev.sightline.query.promql.conformance;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.conformance.Script.Annotation;
import dev.sightline.query.promql.conformance.Script.Clear;
import dev.sightline.query.promql.conformance.Script.Command;
import dev.sightline.query.promql.conformance.Script.Eval;
import dev.sightline.query.promql.conformance.Script.Load;
import dev.sightline.query.promql.conformance.Script.SeriesLine;
import dev.sightline.store.metrics.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the test-script format described in {@code FORMAT.md}. */
final class ScriptParser {
  private static final Pattern LOAD = Pattern.compile("^load(_with_nhcb)?\\s+(\\S+)\\s*$");
  private static final Pattern EVAL_INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern EVAL_RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern RANGE_VECTOR =
      Pattern.compile("^expect range vector from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

  /** Placeholder for a sample this runner cannot load (a native histogram); never compared or stored. */
  static final Double NATIVE = Double.longBitsToDouble(0x7ff8deadbeef0000L);

  private ScriptParser() {}

  static boolean isNative(Double v) {
    return v != null && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(NATIVE);
  }

  static Script parse(String file, String text) {
    String[] lines = text.split("\n", -1);
    List<Command> commands = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String raw = lines[i];
      String line = raw.strip();
      int lineNo = i + 1;
      i++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> body = new ArrayList<>();
      while (i < lines.length && !lines[i].isBlank() && Character.isWhitespace(lines[i].charAt(0))) {
        if (!lines[i].strip().startsWith("#")) {
          body.add(lines[i].strip());
        }
        i++;
      }
      if (line.equals("clear")) {
        commands.add(new Clear(lineNo));
        continue;
      }
      Matcher m = LOAD.matcher(line);
      if (m.matches()) {
        long interval = duration(m.group(2));
        List<SeriesLine> series = new ArrayList<>();
        for (String b : body) {
          series.add(seriesLine(b, false));
        }
        commands.add(new Load(lineNo, interval, series, m.group(1) != null));
        continue;
      }
      Eval eval;
      m = EVAL_INSTANT.matcher(line);
      Matcher r = EVAL_RANGE.matcher(line);
      String modifier;
      if (r.matches()) {
        eval = new Eval(lineNo, r.group(5), true, duration(r.group(2)), duration(r.group(3)), duration(r.group(4)));
        modifier = r.group(1);
      } else if (m.matches()) {
        long at = m.group(2) == null ? 0 : duration(m.group(2));
        eval = new Eval(lineNo, m.group(3), false, at, at, 0);
        modifier = m.group(1);
      } else {
        throw new IllegalArgumentException(file + ":" + lineNo + ": unknown command: " + line);
      }
      if (modifier != null) {
        switch (modifier) {
          case "fail" -> eval.fail = true;
          case "ordered" -> eval.ordered = true;
          case "warn", "info" -> eval.annotations.add(new Annotation(modifier, null, null));
          default -> { }
        }
      }
      for (String b : body) {
        expectation(eval, b);
      }
      commands.add(eval);
    }
    return new Script(file, commands);
  }

  private static void expectation(Eval eval, String b) {
    if (b.startsWith("expected_fail_message ")) {
      eval.fail = true;
      eval.failMsg = b.substring("expected_fail_message ".length());
      return;
    }
    if (b.startsWith("expected_fail_regexp ")) {
      eval.fail = true;
      eval.failRegex = b.substring("expected_fail_regexp ".length());
      return;
    }
    if (!b.startsWith("expect ")) {
      if (!eval.range && eval.rangeVector == null && isNumber(b)) {
        eval.scalar = value(b);
      } else {
        eval.series.add(seriesLine(b, true));
      }
      return;
    }
    String rest = b.substring("expect ".length()).strip();
    Matcher rv = RANGE_VECTOR.matcher(b);
    if (rv.matches()) {
      eval.rangeVector = new long[] {duration(rv.group(1)), duration(rv.group(2)), duration(rv.group(3))};
      return;
    }
    if (rest.startsWith("string ")) {
      String s = rest.substring("string ".length()).strip();
      eval.expectString = unquote(s);
      return;
    }
    String kind = rest.split("\\s+", 2)[0];
    String tail = rest.substring(kind.length()).strip();
    String msg = null;
    String regex = null;
    if (tail.startsWith("msg:")) {
      msg = tail.substring(4).strip();
    } else if (tail.startsWith("regex:")) {
      regex = tail.substring(6).strip();
    }
    switch (kind) {
      case "fail" -> {
        eval.fail = true;
        eval.failMsg = msg;
        eval.failRegex = regex;
      }
      case "ordered" -> eval.ordered = true;
      case "no_warn" -> eval.noWarn = true;
      case "no_info" -> eval.noInfo = true;
      case "warn", "info" -> eval.annotations.add(new Annotation(kind, msg, regex));
      default -> throw new IllegalArgumentException("unknown expectation: " + b);
    }
  }

  /** {@code metric{a="b"} 1 2+3x4 _ stale} or {@code {"utf8.name"} ...}. */
  static SeriesLine seriesLine(String line, boolean expected) {
    int p = 0;
    Labels.Builder lb = Labels.builder();
    int n = line.length();
    int nameEnd = p;
    while (nameEnd < n && (Character.isLetterOrDigit(line.charAt(nameEnd)) || line.charAt(nameEnd) == '_'
        || line.charAt(nameEnd) == ':')) {
      nameEnd++;
    }
    if (nameEnd > p) {
      lb.set(Labels.METRIC_NAME, line.substring(p, nameEnd));
      p = nameEnd;
    }
    if (p < n && line.charAt(p) == '{') {
      p++;
      while (true) {
        p = skipSpace(line, p);
        if (line.charAt(p) == '}') {
          p++;
          break;
        }
        String name;
        if (line.charAt(p) == '"') {
          int[] end = new int[1];
          name = goString(line, p, end);
          p = end[0];
        } else {
          int s = p;
          while (Character.isLetterOrDigit(line.charAt(p)) || line.charAt(p) == '_') {
            p++;
          }
          name = line.substring(s, p);
        }
        p = skipSpace(line, p);
        if (line.charAt(p) == ',' || line.charAt(p) == '}') {
          lb.set(Labels.METRIC_NAME, name);
        } else {
          if (line.charAt(p) != '=') {
            throw new IllegalArgumentException("bad series line: " + line);
          }
          p = skipSpace(line, p + 1);
          int[] end = new int[1];
          String value = goString(line, p, end);
          p = end[0];
          lb.set(name, value);
        }
        p = skipSpace(line, p);
        if (line.charAt(p) == ',') {
          p++;
        }
      }
    }
    List<Double> values = new ArrayList<>();
    boolean nativeHistogram = false;
    for (String tok : tokens(line.substring(p))) {
      if (tok.contains("{{")) {
        nativeHistogram = true;
        values.add(NATIVE);
        continue;
      }
      try {
        expand(tok, values);
      } catch (IllegalArgumentException e) {
        nativeHistogram = true; // notation this runner does not model (e.g. start timestamps)
        values.add(NATIVE);
      }
    }
    return new SeriesLine(lb.build(), values, nativeHistogram);
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int p = 0;
    while (p < s.length()) {
      p = skipSpace(s, p);
      if (p >= s.length()) {
        break;
      }
      int start = p;
      int depth = 0;
      while (p < s.length() && (depth > 0 || !Character.isWhitespace(s.charAt(p)))) {
        if (s.charAt(p) == '{') {
          depth++;
        } else if (s.charAt(p) == '}') {
          depth--;
        }
        p++;
      }
      out.add(s.substring(start, p));
    }
    return out;
  }

  private static final Pattern EXPANSION = Pattern.compile("^(.+?)(?:([+-])([^+\\-x][^x]*))?x(\\d+)$");

  private static void expand(String tok, List<Double> out) {
    if (tok.equals("_")) {
      out.add(null);
      return;
    }
    if (tok.equals("stale")) {
      out.add(StaleMarker.STALE_NAN);
      return;
    }
    if (tok.startsWith("_x")) {
      int count = Integer.parseInt(tok.substring(2));
      for (int i = 0; i < count; i++) {
        out.add(null);
      }
      return;
    }
    if (isNumber(tok)) {
      out.add(value(tok));
      return;
    }
    Matcher m = EXPANSION.matcher(tok);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad value: " + tok);
    }
    double start = value(m.group(1));
    double delta = m.group(2) == null ? 0 : value(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
    int count = Integer.parseInt(m.group(4));
    double v = start;
    for (int i = 0; i <= count; i++) {
      out.add(v);
      v += delta;
    }
  }

  static boolean isNumber(String s) {
    try {
      value(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static double value(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan" -> Double.NaN;
      default -> {
        // "0x59" in a script is an expansion (0 repeated), never hex.
        if (l.contains("x") || l.endsWith("d") || l.endsWith("f")) {
          throw new NumberFormatException(s);
        }
        yield Double.parseDouble(s);
      }
    };
  }

  private static int skipSpace(String s, int p) {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
    return p;
  }

  private static String goString(String s, int p, int[] end) {
    char q = s.charAt(p);
    StringBuilder sb = new StringBuilder();
    int i = p + 1;
    while (s.charAt(i) != q) {
      char c = s.charAt(i);
      if (c == '\\' && q != '`') {
        char e = s.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'x' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
            i += 2;
          }
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
      i++;
    }
    end[0] = i + 1;
    return sb.toString();
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`' || s.charAt(0) == '\'')) {
      return goString(s, 0, new int[1]);
    }
    return s;
  }

  /** Durations as the scripts write them ({@code 50m}, {@code 10s53ms}, {@code 0}). */
  static long duration(String s) {
    s = s.strip();
    if (s.matches("-?\\d+(\\.\\d+)?")) {
      return Math.round(Double.parseDouble(s) * 1000);
    }
    boolean neg = s.startsWith("-");
    if (neg) {
      s = s.substring(1);
    }
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)").matcher(s);
    long total = 0;
    int consumed = 0;
    while (m.find()) {
      if (m.start() != consumed) {
        throw new IllegalArgumentException("bad duration: " + s);
      }
      consumed = m.end();
      long n = Long.parseLong(m.group(1));
      total += n * switch (m.group(2)) {
        case "ms" -> 1L;
        case "s" -> 1000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 604_800_000L;
        default -> 31_536_000_000L;
      };
    }
    if (consumed != s.length()) {
      throw new IllegalArgumentException("bad duration: " + s);
    }
    return neg ? -total : total;
  }
}
