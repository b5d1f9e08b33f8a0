package dev.sightline.ingest.internal;

import java.util.Locale;

/**
 * Maps the severity spellings of common loggers to OTLP severity numbers (1-24): level names of
 * Python, Log4j/Logback, zap, syslog and OTLP's own texts, and pino's numeric levels (10 trace ...
 * 60 fatal). Returns 0 (unspecified) for what it does not know.
 */
public final class Severities {
  private Severities() {}

  public static int fromText(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    // OTLP texts may carry a sub-level digit: "INFO2", "WARN4".
    int sub = 0;
    if (!t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1)) && t.length() > 1
        && Character.isLetter(t.charAt(t.length() - 2))) {
      sub = Math.min(3, Math.max(0, t.charAt(t.length() - 1) - '1'));
      t = t.substring(0, t.length() - 1);
    }
    int base = switch (t) {
      case "trace", "finest", "finer", "verbose" -> 1;
      case "debug", "fine", "config", "dbg" -> 5;
      case "info", "information", "informational", "notice", "inf" -> 9;
      case "warn", "warning", "wrn" -> 13;
      case "error", "err", "severe", "dpanic" -> 17;
      case "fatal", "critical", "crit", "panic", "alert", "emerg", "emergency", "ftl" -> 21;
      default -> 0;
    };
    return base == 0 ? 0 : base + sub;
  }

  /** pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
  public static int fromPino(long level) {
    if (level <= 0) {
      return 0;
    }
    if (level <= 10) return 1;
    if (level <= 20) return 5;
    if (level <= 30) return 9;
    if (level <= 40) return 13;
    if (level <= 50) return 17;
    return 21;
  }

  /** The short text for a severity number: TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
  public static String text(int number) {
    if (number <= 0) return "";
    if (number <= 4) return "TRACE";
    if (number <= 8) return "DEBUG";
    if (number <= 12) return "INFO";
    if (number <= 16) return "WARN";
    if (number <= 20) return "ERROR";
    return "FATAL";
  }
}
