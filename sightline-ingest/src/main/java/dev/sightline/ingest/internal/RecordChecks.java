package dev.sightline.ingest.internal;

import dev.sightline.ingest.IngestLimits;
import java.time.Clock;
import java.time.Instant;

/**
 * The validity rules shared by every codec: well-formed non-zero ids and plausible timestamps. Each
 * check returns {@code null} when the value is fine, or a short reason ("all zeros") that the caller
 * prefixes with where the value was found.
 */
public final class RecordChecks {
  private final Clock clock;
  private final long earliestNanos;
  private final long futureSkewNanos;

  public RecordChecks(IngestLimits limits, Clock clock) {
    this.clock = clock;
    this.earliestNanos = toNanos(limits.earliestTimestamp());
    this.futureSkewNanos = limits.maxFutureSkew().toNanos();
  }

  /** Checks a trace id given as bytes (protobuf). */
  public static String traceIdBytes(byte[] id) {
    return idBytes(id, 0, id.length, 16);
  }

  public static String spanIdBytes(byte[] id) {
    return idBytes(id, 0, id.length, 8);
  }

  /** Checks a trace id lying in {@code buffer[offset, offset + length)}, as a wire decoder finds it. */
  public static String traceIdBytes(byte[] buffer, int offset, int length) {
    return idBytes(buffer, offset, length, 16);
  }

  public static String spanIdBytes(byte[] buffer, int offset, int length) {
    return idBytes(buffer, offset, length, 8);
  }

  /** Checks a lowercase-hex trace id: 32 hex characters, not all zeros. */
  public static String traceIdHex(String id) {
    return idHex(id, 32);
  }

  public static String spanIdHex(String id) {
    return idHex(id, 16);
  }

  /** Checks a start time in epoch nanoseconds against the plausible window. */
  public String start(long startNanos) {
    if (startNanos == 0) {
      return "missing (0)";
    }
    if (startNanos < earliestNanos) {
      return "too far in the past (" + describe(startNanos) + ", before " + describe(earliestNanos) + ")";
    }
    long latest = latestNanos();
    if (startNanos > latest) {
      return "too far in the future (" + describe(startNanos) + ", after " + describe(latest) + ")";
    }
    return null;
  }

  /** Checks an end time against its start (already checked) and the future bound. */
  public String end(long startNanos, long endNanos) {
    if (endNanos < startNanos) {
      return "before start (" + endNanos + " < " + startNanos + ")";
    }
    long latest = latestNanos();
    if (endNanos > latest) {
      return "too far in the future (" + describe(endNanos) + ", after " + describe(latest) + ")";
    }
    return null;
  }

  private long latestNanos() {
    long now = toNanos(clock.instant());
    return now > Long.MAX_VALUE - futureSkewNanos ? Long.MAX_VALUE : now + futureSkewNanos;
  }

  private static long toNanos(Instant i) {
    return Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L) + i.getNano();
  }

  private static String describe(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
        .toString();
  }

  private static String idBytes(byte[] buffer, int offset, int length, int expected) {
    if (length == 0) {
      return "missing";
    }
    if (length != expected) {
      return "must be " + expected + " bytes, got " + length;
    }
    for (int i = offset; i < offset + length; i++) {
      if (buffer[i] != 0) {
        return null;
      }
    }
    return "all zeros";
  }

  private static String idHex(String id, int length) {
    if (id.isEmpty()) {
      return "missing";
    }
    if (id.length() != length) {
      return "must be " + length + " hex characters, got " + id.length();
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return "not hex at character " + i;
      }
      nonZero |= c != '0';
    }
    return nonZero ? null : "all zeros";
  }
}
