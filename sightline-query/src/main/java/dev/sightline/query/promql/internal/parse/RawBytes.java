package dev.sightline.query.promql.internal.parse;

/**
 * PromQL strings are Go byte strings: {@code "\xff"} is one byte, not valid UTF-8. We decode valid
 * UTF-8 normally and keep each invalid byte as a lone surrogate U+DC80..U+DCFF ("surrogate escape"),
 * so later checks can refuse it as Prometheus refuses invalid UTF-8 label names.
 */
public final class RawBytes {
  private RawBytes() {}

  static String decode(byte[] b) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < b.length) {
      int lead = b[i] & 0xff;
      int len = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
          : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
      int cp = len == 1 ? lead : len == 2 ? lead & 0x1f : len == 3 ? lead & 0x0f : lead & 0x07;
      boolean ok = len > 0 && i + len <= b.length;
      for (int k = 1; ok && k < len; k++) {
        int cont = b[i + k] & 0xff;
        ok = (cont & 0xC0) == 0x80;
        cp = (cp << 6) | (cont & 0x3f);
      }
      ok &= len == 1 || (len == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) || (len == 4 && cp >= 0x10000
          && cp <= 0x10FFFF) || len == 2;
      if (ok) {
        sb.appendCodePoint(cp);
        i += len;
      } else {
        sb.append((char) (0xDC00 + lead));
        i++;
      }
    }
    return sb.toString();
  }

  /** False when the string holds a byte that was not valid UTF-8. */
  public static boolean isValidUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Go's %q of the string: invalid bytes shown as \\xNN. */
  public static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
        sb.append(String.format("\\x%02x", c - 0xDC00));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
