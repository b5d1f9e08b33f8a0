package dev.sightline.ingest.logs;

import dev.sightline.ingest.InvalidPayloadException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the labels of a Loki protobuf push stream, written in LogQL selector syntax:
 * {@code {job="varlogs", service_name="checkout"}}. Names are Prometheus label names; values are
 * double-quoted with Go's escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \r},
 * {@code \u00e9}, ...). Anything else, a repeated name included, is an {@link InvalidPayloadException}
 * that names the position.
 */
final class LokiLabels {
  private final String text;
  private final String where;
  private int pos;

  private LokiLabels(String text, String where) {
    this.text = text;
    this.where = where;
  }

  static Map<String, String> parse(String text, String where) {
    return new LokiLabels(text, where).labels();
  }

  private Map<String, String> labels() {
    Map<String, String> out = new LinkedHashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return end(out);
    }
    while (true) {
      skipSpace();
      String name = name();
      skipSpace();
      expect('=');
      skipSpace();
      String value = quoted();
      if (out.putIfAbsent(name, value) != null) {
        throw error("label '" + name + "' appears twice");
      }
      skipSpace();
      char c = next("',' or '}'");
      if (c == '}') {
        return end(out);
      }
      if (c != ',') {
        throw error("expected ',' or '}' after the value of '" + name + "'");
      }
    }
  }

  private Map<String, String> end(Map<String, String> out) {
    skipSpace();
    if (pos != text.length()) {
      throw error("unexpected text after '}'");
    }
    return out;
  }

  private String name() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > start && c >= '0' && c <= '9');
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error("expected a label name");
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next("closing '\"'");
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next("an escape");
      switch (e) {
        case '"', '\\', '\'' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append('\u000b');
        case 'u' -> sb.appendCodePoint(hex(4));
        case 'U' -> sb.appendCodePoint(hex(8));
        case 'x' -> sb.append((char) hex(2));
        default -> throw error("unknown escape '\\" + e + "'");
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("truncated escape");
    }
    int cp;
    try {
      cp = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
    } catch (NumberFormatException e) {
      throw error("bad hex escape");
    }
    if (!Character.isValidCodePoint(cp)) {
      throw error("escape is not a code point");
    }
    pos += digits;
    return cp;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next(String expected) {
    if (pos >= text.length()) {
      throw error("labels end early, expected " + expected);
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next("'" + c + "'") != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private InvalidPayloadException error(String problem) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return new InvalidPayloadException(where + ".labels: " + problem + " at offset " + pos + " in " + shown);
  }
}
