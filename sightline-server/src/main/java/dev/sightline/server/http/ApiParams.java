package dev.sightline.server.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the query parameters the HTTP APIs share; every failure names the parameter. */
public final class ApiParams {
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private ApiParams() {}

  /** Thrown for a parameter that cannot be used; answered with 400 and this message. */
  public static final class BadParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadParameterException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A point in time as nanoseconds since the epoch: RFC 3339 ({@code 2026-11-23T19:00:00Z}) or a Unix
   * timestamp whose unit follows from its size, as the tools people paste from write them: seconds
   * (may have a fraction, as Prometheus's API takes), milliseconds, microseconds (Jaeger) or nanoseconds.
   */
  public static long timeNanos(String name, String value) {
    String v = value.trim();
    try {
      if (v.contains("T") || v.contains("-") && v.length() > 10) {
        Instant i = OffsetDateTime.parse(v).toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
      }
      if (v.contains(".")) {
        double seconds = Double.parseDouble(v);
        return Math.round(seconds * 1e9);
      }
      long n = Long.parseLong(v);
      int digits = Long.toString(Math.abs(n)).length();
      if (digits <= 11) {
        return Math.multiplyExact(n, 1_000_000_000L);
      } else if (digits <= 14) {
        return Math.multiplyExact(n, 1_000_000L);
      } else if (digits <= 17) {
        return Math.multiplyExact(n, 1_000L);
      }
      return n;
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new BadParameterException(name + ": expected an RFC 3339 time or a Unix timestamp, got '" + value + "'");
    }
  }

  /**
   * A duration in nanoseconds: Go syntax as Jaeger takes it ({@code 1.5s}, {@code 250ms}, {@code 100us},
   * {@code 1h30m}), or a bare integer in microseconds as Zipkin's API takes it.
   */
  public static long durationNanos(String name, String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      try {
        return Math.multiplyExact(Long.parseLong(v), 1_000L);
      } catch (ArithmeticException | NumberFormatException e) {
        throw new BadParameterException(name + ": duration too large: '" + value + "'");
      }
    }
    Matcher m = GO_DURATION.matcher(v);
    double total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      total += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      end = m.end();
    }
    if (end == 0 || end != v.length()) {
      throw new BadParameterException(name + ": expected a duration such as 250ms, 1.5s or 2m, got '" + value + "'");
    }
    return (long) total;
  }

  public static int limit(String name, String value, int defaultValue, int max) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n <= 0 || n > max) {
        throw new BadParameterException(name + ": expected a number from 1 to " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadParameterException(name + ": expected a number, got '" + value + "'");
    }
  }

  /**
   * Tags to match: a JSON object ({@code {"http.status_code":"500"}}, as Jaeger's API sends) or
   * {@code key=value} pairs separated by spaces or {@code and} (as Zipkin's annotationQuery).
   */
  public static Map<String, String> tags(String name, String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return tags;
    }
    String v = value.trim();
    if (v.startsWith("{")) {
      try {
        Map<?, ?> parsed = Json.MAPPER.readValue(v, Map.class);
        parsed.forEach((k, val) -> tags.put(String.valueOf(k), String.valueOf(val)));
        return tags;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new BadParameterException(name + ": expected a JSON object of tag values: " + e.getOriginalMessage());
      }
    }
    for (String part : v.split("\\s+(?:and\\s+)?")) {
      if (part.isBlank() || part.equalsIgnoreCase("and")) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new BadParameterException(name + ": expected key=value pairs, got '" + part + "'");
      }
      tags.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return tags;
  }
}
