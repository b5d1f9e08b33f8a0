package dev.sightline.ingest.prometheus.internal;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.prometheus.ScrapeLimitException;

/**
 * Reads the tokens of one exposition line (names, quoted label values, floats) and reports a failure
 * with the line number, the column and what was expected, e.g.
 * {@code line 7, column 23: expected '=' after label name 'method', got '"'}.
 */
public final class LineCursor {
  private final String line;
  private final int lineNumber;
  private int pos;

  public LineCursor(String line, int lineNumber) {
    this.line = line;
    this.lineNumber = lineNumber;
  }

  public int lineNumber() {
    return lineNumber;
  }

  public boolean atEnd() {
    return pos >= line.length();
  }

  public char peek() {
    return pos < line.length() ? line.charAt(pos) : '\0';
  }

  public boolean tryConsume(char c) {
    if (pos < line.length() && line.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  public void expect(char c, String context) {
    if (!tryConsume(c)) {
      throw error("expected '" + c + "' " + context + ", got " + describeNext());
    }
  }

  /** Skips spaces and tabs; returns whether any were skipped. */
  public boolean skipBlanks() {
    int start = pos;
    while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
      pos++;
    }
    return pos > start;
  }

  /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); {@code what} names it in an error. */
  public String metricName(String what) {
    return name(true, what);
  }

  /** A label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
  public String labelName(String what) {
    return name(false, what);
  }

  private String name(boolean colons, String what) {
    int start = pos;
    while (pos < line.length()) {
      char c = line.charAt(pos);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (colons && c == ':')
          || (pos > start && c >= '0' && c <= '9');
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error("expected " + what + ", got " + describeNext());
    }
    return line.substring(start, pos);
  }

  /** A double-quoted label value with the escapes {@code \\ \" \n}; the opening quote is next. */
  public String quoted(String labelName, int maxLength) {
    expect('"', "to open the value of label '" + labelName + "'");
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= line.length()) {
        throw error("unterminated quoted value of label '" + labelName + "' (missing closing '\"')");
      }
      char c = line.charAt(pos);
      if (c == '"') {
        String v = sb == null ? line.substring(start, pos) : sb.toString();
        pos++;
        if (v.length() > maxLength) {
          throw new ScrapeLimitException("maxLabelValueLength", "line " + lineNumber
              + ": value of label '" + labelName + "' has " + v.length() + " characters, exceeds maxLabelValueLength = "
              + maxLength);
        }
        return v;
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(line.substring(start, pos));
        }
        if (pos + 1 >= line.length()) {
          throw error("unterminated escape sequence in value of label '" + labelName + "'");
        }
        char e = line.charAt(pos + 1);
        switch (e) {
          case '\\' -> sb.append('\\');
          case '"' -> sb.append('"');
          case 'n' -> sb.append('\n');
          default -> throw error("invalid escape sequence '\\" + e + "' in value of label '" + labelName
              + "' (only \\\\, \\\" and \\n are allowed)");
        }
        pos += 2;
        continue;
      }
      if (sb != null) {
        sb.append(c);
      }
      pos++;
    }
  }

  /** The next run of characters up to a blank or the end. */
  public String token() {
    int start = pos;
    while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
      pos++;
    }
    return line.substring(start, pos);
  }

  /** The rest of the line from the cursor. */
  public String rest() {
    String r = line.substring(pos);
    pos = line.length();
    return r;
  }

  /** Parses a float as Go's ParseFloat does for expositions: decimal, NaN, ±Inf; no hex, no Java suffixes. */
  public double value(String what) {
    int col = pos;
    String t = token();
    if (t.isEmpty()) {
      throw error("expected " + what + ", got " + describeNext());
    }
    Double d = parseFloat(t);
    if (d == null) {
      pos = col;
      throw error("invalid " + what + " '" + abbreviate(t) + "' (expected a float, NaN, +Inf or -Inf)");
    }
    return d;
  }

  /** The float value of {@code t} per the exposition grammar, or null when it is not one. */
  public static Double parseFloat(String t) {
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    // digits [. digits] [e [+-] digits], at least one digit before the exponent
    int i = 0;
    int n = unsigned.length();
    int digits = 0;
    while (i < n && unsigned.charAt(i) >= '0' && unsigned.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && unsigned.charAt(i) == '.') {
      i++;
      while (i < n && unsigned.charAt(i) >= '0' && unsigned.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n && unsigned.charAt(i) == 'e') {
      i++;
      if (i < n && (unsigned.charAt(i) == '+' || unsigned.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && unsigned.charAt(i) >= '0' && unsigned.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return null;
      }
    }
    if (i != n) {
      return null;
    }
    return Double.parseDouble(lower);
  }

  public InvalidPayloadException error(String what) {
    return errorAt(pos, what);
  }

  /** An error pointing at an earlier position, e.g. the start of a duplicate label name. */
  public InvalidPayloadException errorAt(int position, String what) {
    return new InvalidPayloadException("line " + lineNumber + ", column " + (position + 1) + ": " + what);
  }

  public int position() {
    return pos;
  }

  private String describeNext() {
    if (pos >= line.length()) {
      return "end of line";
    }
    char c = line.charAt(pos);
    return c == '"' ? "'\"'" : "'" + c + "'";
  }

  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
