package dev.sightline.instrument.health.internal;

/**
 * A tiny JSON writer, so that the library needs no JSON dependency. It writes exactly what health reports
 * need (objects, arrays, strings, numbers, booleans, null) and escapes strings so that any text, including
 * hostile exception messages, stays one valid JSON string.
 *
 * <p>Callers are responsible for structure (commas are handled, nesting is not checked).
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(256);
  // Whether the next value in the current container needs a comma before it.
  private boolean needsComma;

  public JsonWriter beginObject() {
    separator();
    out.append('{');
    needsComma = false;
    return this;
  }

  public JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  public JsonWriter beginArray() {
    separator();
    out.append('[');
    needsComma = false;
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Writes a member name; the next call writes its value. */
  public JsonWriter name(String name) {
    separator();
    writeString(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  public JsonWriter value(String s) {
    separator();
    if (s == null) {
      out.append("null");
    } else {
      writeString(s);
    }
    needsComma = true;
    return this;
  }

  public JsonWriter value(long n) {
    separator();
    out.append(n);
    needsComma = true;
    return this;
  }

  public JsonWriter value(boolean b) {
    separator();
    out.append(b);
    needsComma = true;
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separator() {
    if (needsComma) {
      out.append(',');
      needsComma = false;
    }
  }

  /**
   * Escapes per RFC 8259, plus: U+2028/U+2029 (line terminators in JavaScript), {@code <}, {@code >} and
   * {@code &} (so a report pasted into HTML cannot close a script tag), and unpaired surrogates, which
   * would otherwise turn into {@code ?} when encoded as UTF-8.
   */
  private void writeString(String s) {
    out.append('"');
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029' || c == 0x7f) {
            unicodeEscape(c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              unicodeEscape(c);
            }
          } else if (Character.isLowSurrogate(c)) {
            unicodeEscape(c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void unicodeEscape(char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
  }
}
