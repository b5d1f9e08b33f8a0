package dev.sightline.alerting.rules.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus's duration notation ({@code 1d2h30m}, {@code 90s}, {@code 500ms}, {@code 0}), parse and format. */
public final class PromDuration {
  private static final Pattern P = Pattern.compile(
      "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] UNIT_MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

  private PromDuration() {}

  /** Throws IllegalArgumentException with Prometheus's wording for anything else. */
  public static Duration parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = P.matcher(s);
    if (s.length() > 64 || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long total = 0;
    for (int i = 0; i < UNIT_MS.length; i++) {
      String g = m.group(i + 1);
      if (g != null) {
        try {
          total = Math.addExact(total, Math.multiplyExact(Long.parseLong(g), UNIT_MS[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
        }
      }
    }
    return Duration.ofMillis(total);
  }

  /** As Prometheus prints durations: {@code 5m}, {@code 1h30m}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (ms < 0) {
      b.append('-');
      ms = -ms;
    }
    String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < UNIT_MS.length; i++) {
      if (ms >= UNIT_MS[i]) {
        b.append(ms / UNIT_MS[i]).append(names[i]);
        ms %= UNIT_MS[i];
      }
    }
    return b.toString();
  }
}
