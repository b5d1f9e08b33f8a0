package dev.sightline.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written in configuration as {@code 16MiB}, {@code 512KB}, {@code 1GiB} or a plain number. */
public record ByteSize(long bytes) {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  public static ByteSize ofMebibytes(long mib) {
    return new ByteSize(mib << 20);
  }

  @JsonCreator
  public static ByteSize parse(Object value) {
    if (value instanceof Number n) {
      return new ByteSize(n.longValue());
    }
    String text = String.valueOf(value).trim();
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size such as 16MiB, 512KB or 1048576, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long multiplier = switch (unit) {
      case "B" -> 1L;
      case "KB" -> 1_000L;
      case "KIB" -> 1L << 10;
      case "MB" -> 1_000_000L;
      case "MIB" -> 1L << 20;
      case "GB" -> 1_000_000_000L;
      case "GIB" -> 1L << 30;
      case "TB" -> 1_000_000_000_000L;
      case "TIB" -> 1L << 40;
      default -> throw new IllegalArgumentException("unknown size unit '" + unit + "'");
    };
    return new ByteSize(Math.multiplyExact(n, multiplier));
  }

  public int toIntBytes() {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  @JsonValue
  @Override
  public String toString() {
    if (bytes != 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    if (bytes != 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    }
    if (bytes != 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return Long.toString(bytes);
  }
}
