package dev.sightline.ingest.otlp.metrics.internal;

import java.util.Map;

/**
 * OpenTelemetry metric and attribute names to Prometheus names, per the OpenTelemetry "Prometheus and
 * OpenMetrics Compatibility" specification: invalid characters become {@code _} (runs collapsed), the
 * UCUM unit becomes a suffix ({@code s} → {@code _seconds}, {@code By} → {@code _bytes}, {@code 1} →
 * {@code _ratio} on gauges only, {@code {annotations}} dropped, {@code a/b} → {@code _a_per_b}), and
 * monotonic sums end in {@code _total}.
 */
public final class MetricNaming {
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
      Map.entry("bit", "bits"), Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"),
      Map.entry("J", "joules"), Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"),
      Map.entry("Hz", "hertz"), Map.entry("%", "percent"));
  private static final Map<String, String> PER_UNITS = Map.of(
      "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

  private MetricNaming() {}

  /**
   * The Prometheus name of a metric's main series (before {@code _bucket}, {@code _sum}, ...).
   *
   * @param gauge true for gauges and non-monotonic sums (unit {@code 1} becomes {@code _ratio})
   * @param counter true for monotonic sums ({@code _total} is appended)
   */
  public static String metricName(String otelName, String unit, boolean gauge, boolean counter) {
    String name = sanitize(otelName, true);
    String suffix = unitSuffix(unit, gauge);
    if (!suffix.isEmpty() && !name.endsWith("_" + suffix) && !name.equals(suffix)) {
      name = name + "_" + suffix;
    }
    if (counter && !name.endsWith("_total")) {
      name = name + "_total";
    }
    return name;
  }

  /** The Prometheus form of a UCUM unit, as used in the suffix and in metadata; empty when none. */
  public static String unitSuffix(String unit, boolean gauge) {
    String u = unit == null ? "" : unit.replaceAll("\\{[^}]*}", "").trim();
    if (u.isEmpty()) {
      return "";
    }
    if (u.equals("1")) {
      return gauge ? "ratio" : "";
    }
    int slash = u.indexOf('/');
    if (slash >= 0) {
      String main = u.substring(0, slash).trim();
      String per = u.substring(slash + 1).trim();
      String mainName = main.isEmpty() ? "" : UNITS.getOrDefault(main, sanitize(main, false));
      String perName = PER_UNITS.getOrDefault(per, UNITS.getOrDefault(per, sanitize(per, false)));
      String s = (mainName.isEmpty() ? "" : mainName + "_") + (perName.isEmpty() ? "" : "per_" + perName);
      return trimUnderscores(s);
    }
    return trimUnderscores(UNITS.getOrDefault(u, sanitize(u, false)));
  }

  /**
   * A label name from an attribute key: invalid characters become {@code _}, a leading digit gets a
   * {@code key_} prefix and a single leading underscore becomes {@code key_} (names starting with
   * {@code __} are Prometheus-reserved and kept as they are).
   */
  public static String labelName(String key) {
    if (key.isEmpty()) {
      return "key_empty";
    }
    StringBuilder sb = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    String s = sb.toString();
    if (s.charAt(0) >= '0' && s.charAt(0) <= '9') {
      return "key_" + s;
    }
    if (s.startsWith("_") && !s.startsWith("__")) {
      return "key" + s;
    }
    return s;
  }

  private static String sanitize(String name, boolean metric) {
    StringBuilder sb = new StringBuilder(name.length() + 1);
    boolean lastUnderscore = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (metric && c == ':');
      if (ok) {
        sb.append(c);
        lastUnderscore = false;
      } else if (!lastUnderscore) {
        sb.append('_');
        lastUnderscore = true;
      }
    }
    String s = trimUnderscores(sb.toString());
    if (metric && !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9') {
      s = "_" + s;
    }
    return s;
  }

  private static String trimUnderscores(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '_') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '_') {
      b--;
    }
    return s.substring(a, b);
  }
}
