package dev.sightline.store.tsdb.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block's {@code meta.json}: its id, the time range it covers ({@code minTime} inclusive,
 * {@code maxTime} exclusive, as in Prometheus), counts, and its compaction level (1 for a block cut from
 * the head, one more for each compaction).
 */
record BlockMeta(String id, long minTime, long maxTime, long numSeries, long numSamples, long numChunks,
    int level) {
  static final int VERSION = 1;
  static final int MAX_BYTES = 64 * 1024;

  String toJson() {
    return "{\"version\": " + VERSION + ", \"id\": \"" + id + "\", \"minTime\": " + minTime
        + ", \"maxTime\": " + maxTime + ", \"numSeries\": " + numSeries + ", \"numSamples\": " + numSamples
        + ", \"numChunks\": " + numChunks + ", \"level\": " + level + "}\n";
  }

  /** Parses what {@link #toJson()} wrote; unknown fields are ignored, missing or malformed ones are errors. */
  static BlockMeta parse(String json) {
    if (json.length() > MAX_BYTES) {
      throw new CorruptDataException("meta.json: " + json.length() + " characters, more than " + MAX_BYTES);
    }
    Map<String, String> fields = new FlatJson(json).parse();
    long version = number(fields, "version");
    if (version != VERSION) {
      throw new CorruptDataException("meta.json: unsupported version " + version + ", expected " + VERSION);
    }
    String id = fields.get("id");
    if (id == null || !id.startsWith("\"")) {
      throw new CorruptDataException("meta.json: missing string field \"id\"");
    }
    BlockMeta m = new BlockMeta(id.substring(1), number(fields, "minTime"), number(fields, "maxTime"),
        number(fields, "numSeries"), number(fields, "numSamples"), number(fields, "numChunks"),
        (int) number(fields, "level"));
    if (m.minTime >= m.maxTime) {
      throw new CorruptDataException("meta.json: minTime " + m.minTime + " not before maxTime " + m.maxTime);
    }
    if (m.level < 1) {
      throw new CorruptDataException("meta.json: level " + m.level + " must be at least 1");
    }
    return m;
  }

  private static long number(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null || v.startsWith("\"")) {
      throw new CorruptDataException("meta.json: missing numeric field \"" + name + "\"");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new CorruptDataException("meta.json: field \"" + name + "\" is not an integer: " + v);
    }
  }

  /** A strict parser for one flat JSON object of string and integer values; strings keep a leading quote. */
  private static final class FlatJson {
    private final String s;
    private int pos;

    FlatJson(String s) {
      this.s = s;
    }

    Map<String, String> parse() {
      Map<String, String> out = new LinkedHashMap<>();
      skipWs();
      expect('{');
      skipWs();
      if (peek() == '}') {
        pos++;
      } else {
        while (true) {
          skipWs();
          String key = string();
          skipWs();
          expect(':');
          skipWs();
          String value = peek() == '"' ? "\"" + string() : number();
          if (out.put(key, value) != null) {
            throw error("duplicate field \"" + key + "\"");
          }
          skipWs();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw error("expected ',' or '}' but found '" + c + "'");
          }
        }
      }
      skipWs();
      if (pos != s.length()) {
        throw error("trailing characters");
      }
      return out;
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\' || c < 0x20) {
          throw error("escapes and control characters are not allowed in strings");
        }
        sb.append(c);
      }
    }

    private String number() {
      int start = pos;
      if (pos < s.length() && s.charAt(pos) == '-') {
        pos++;
      }
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == start || pos - start > 20) {
        throw error("expected an integer");
      }
      return s.substring(start, pos);
    }

    private void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("truncated");
      }
      return s.charAt(pos);
    }

    private char next() {
      char c = peek();
      pos++;
      return c;
    }

    private void expect(char c) {
      char got = next();
      if (got != c) {
        throw error("expected '" + c + "' but found '" + got + "'");
      }
    }

    private CorruptDataException error(String message) {
      return new CorruptDataException("meta.json: " + message + " at character " + pos);
    }
  }
}
