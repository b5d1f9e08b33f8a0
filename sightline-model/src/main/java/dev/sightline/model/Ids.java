package dev.sightline.model;

import java.util.HexFormat;

/**
 * Trace and span ids in their canonical form: lowercase hex, 32 characters for a trace id and 16 for a
 * span id, never all zeros (W3C Trace Context and OTLP both call an all-zero id invalid).
 */
public final class Ids {
  public static final int TRACE_ID_HEX_LENGTH = 32;
  public static final int SPAN_ID_HEX_LENGTH = 16;
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  public static boolean isValidTraceId(String id) {
    return isValidHex(id, TRACE_ID_HEX_LENGTH);
  }

  public static boolean isValidSpanId(String id) {
    return isValidHex(id, SPAN_ID_HEX_LENGTH);
  }

  /** Lowercase hex of the bytes. */
  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Bytes of a hex id; throws {@link IllegalArgumentException} on odd length or non-hex characters. */
  public static byte[] fromHex(String hex) {
    return HEX.parseHex(hex);
  }

  private static boolean isValidHex(String id, int length) {
    if (id == null || id.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }
}
