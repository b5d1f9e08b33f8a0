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
    long fast = strictRfc3339(t);
    if (fast != NOT_STRICT) {
      return fast;
    }
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

  static final long NOT_STRICT = Long.MIN_VALUE;
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000_000L + 1;
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  /**
   * The common form every structured logger writes, {@code 2026-11-23T21:50:51.954Z} or with an offset
   * {@code +01:00}, read without the {@code java.time} parser (which took a fifth of decoding an NDJSON
   * line); anything else, or anything out of range, is {@link #NOT_STRICT} and goes the general way, so this
   * never accepts what {@link OffsetDateTime#parse} would refuse.
   */
  static long strictRfc3339(String t) {
    int n = t.length();
    if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
        || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return NOT_STRICT;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_STRICT;
    }
    int i = 19;
    long nanos = 0;
    if (t.charAt(i) == '.' || t.charAt(i) == ',') {
      int start = ++i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return NOT_STRICT;
      }
      nanos = digits(t, start, count);
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && t.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
        return NOT_STRICT;
      }
      offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return NOT_STRICT;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      return NOT_STRICT; // beyond what a long holds in nanoseconds: the general way names the problem
    }
    return seconds * 1_000_000_000L + nanos;
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = t.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
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
