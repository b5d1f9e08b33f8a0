package dev.sightline.ingest.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps log shippers write: RFC 3339 text (with or without offset; without one it is
 * taken as UTC), Python's {@code asctime} ({@code 2024-01-02 03:04:05,123}), and epoch numbers whose unit
 * is inferred from their magnitude — seconds (zap's float {@code ts}), milliseconds (pino's
 * {@code time}), microseconds or nanoseconds (Loki) — whether written as numbers or numeric strings.
 */
public final class LogTimestamps {
  private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

  private LogTimestamps() {}

  /** Epoch nanoseconds of a value; throws {@link IllegalArgumentException} with a reason otherwise. */
  public static long parse(Object value) {
    if (value instanceof Long l) {
      return fromEpoch(BigDecimal.valueOf(l));
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("not a time: " + d);
      }
      return fromEpoch(BigDecimal.valueOf(d));
    }
    if (value instanceof String s) {
      String t = s.trim();
      if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) && t.chars().allMatch(c -> Character.isDigit(c) || c == '.'))) {
        return fromEpoch(new BigDecimal(t));
      }
      return fromText(t);
    }
    throw new IllegalArgumentException("expected a time as text or epoch number, got " + describe(value));
  }

  /** Epoch nanoseconds of an epoch number in s, ms, us or ns, chosen by magnitude. */
  static long fromEpoch(BigDecimal v) {
    BigDecimal abs = v.abs();
    BigDecimal nanos;
    if (abs.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0) {            // < 1e11: seconds
      nanos = v.multiply(BILLION);
    } else if (abs.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0) { // < 1e14: milliseconds
      nanos = v.multiply(BigDecimal.valueOf(1_000_000L));
    } else if (abs.compareTo(BigDecimal.valueOf(100_000_000_000_000_000L)) < 0) { // < 1e17: microseconds
      nanos = v.multiply(BigDecimal.valueOf(1_000L));
    } else {
      nanos = v;
    }
    try {
      return nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("epoch time out of range: " + v.toPlainString());
    }
  }

  private static long fromText(String t) {
    String iso = t;
    if (iso.length() > 10 && iso.charAt(10) == ' ') {
      iso = iso.substring(0, 10) + 'T' + iso.substring(11);
    }
    iso = iso.replace(',', '.');
    try {
      return nanos(OffsetDateTime.parse(iso).toInstant());
    } catch (DateTimeParseException e) {
      // fall through: no offset
    }
    try {
      return nanos(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("cannot read '" + (t.length() > 64 ? t.substring(0, 64) + "..." : t)
          + "' as an RFC 3339 time or epoch number");
    }
  }

  private static long nanos(Instant i) {
    try {
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("time out of range: " + i);
    }
  }

  private static String describe(Object v) {
    return v instanceof Boolean ? "a boolean" : v instanceof java.util.List ? "a list" : String.valueOf(v);
  }
}
