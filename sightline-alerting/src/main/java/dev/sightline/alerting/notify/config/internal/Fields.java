package dev.sightline.alerting.notify.config.internal;

import dev.sightline.alerting.notify.config.NotifyConfigException;
import dev.sightline.alerting.notify.config.internal.YamlNode.MapNode;
import dev.sightline.alerting.notify.config.internal.YamlNode.Scalar;
import dev.sightline.alerting.notify.config.internal.YamlNode.Seq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, located reads from a YAML mapping; every error names the file, the line and the key. */
public final class Fields {
  private static final Pattern DURATION = Pattern.compile("((\\d+)y)?((\\d+)w)?((\\d+)d)?((\\d+)h)?((\\d+)m)?((\\d+)s)?((\\d+)ms)?");
  private final String file;
  private final MapNode map;
  private final String where;

  public Fields(String file, YamlNode node, String where) {
    this.file = file;
    this.where = where;
    if (node instanceof MapNode m) {
      this.map = m;
    } else if (node instanceof Scalar s && s.isNull()) {
      this.map = new MapNode(java.util.Map.of(), java.util.Map.of(), s.line());
    } else {
      throw new NotifyConfigException(file, node.line(), where + " must be a mapping");
    }
  }

  public String file() {
    return file;
  }

  public int line() {
    return map.line();
  }

  public int line(String key) {
    return map.keyLines().getOrDefault(key, map.line());
  }

  public boolean has(String key) {
    YamlNode n = map.entries().get(key);
    return n != null && !(n instanceof Scalar s && s.isNull());
  }

  public YamlNode node(String key) {
    return map.entries().get(key);
  }

  public Set<String> keys() {
    return map.entries().keySet();
  }

  public NotifyConfigException error(String key, String reason) {
    return new NotifyConfigException(file, line(key), reason);
  }

  /** Rejects keys not in {@code allowed}, as Alertmanager's strict unmarshalling does. */
  public void allowOnly(Set<String> allowed) {
    for (String k : map.entries().keySet()) {
      if (!allowed.contains(k)) {
        throw error(k, "field " + k + " not found in " + where);
      }
    }
  }

  public String string(String key, String dflt) {
    YamlNode n = map.entries().get(key);
    if (n == null || n instanceof Scalar s && s.isNull()) {
      return dflt;
    }
    if (n instanceof Scalar s) {
      return s.text();
    }
    throw error(key, key + " in " + where + " must be a string");
  }

  public boolean bool(String key, boolean dflt) {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(key, key + " must be true or false, got \"" + s + "\"");
    };
  }

  public int integer(String key, int dflt) {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < 0) {
        throw error(key, key + " must not be negative, got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(key, key + " must be an integer, got \"" + s + "\"");
    }
  }

  public Duration duration(String key, Duration dflt) {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      return parseDuration(s);
    } catch (IllegalArgumentException e) {
      throw error(key, key + ": " + e.getMessage());
    }
  }

  /** Prometheus durations: {@code 1h30m}, {@code 30s}, {@code 500ms}, {@code 1d}, {@code 1w}, {@code 1y}. */
  public static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long[] unitsMs = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    long total = 0;
    for (int i = 0; i < unitsMs.length; i++) {
      String g = m.group(2 * i + 2);
      if (g != null) {
        try {
          total = Math.addExact(total, Math.multiplyExact(Long.parseLong(g), unitsMs[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
        }
      }
    }
    return Duration.ofMillis(total);
  }

  /** A list of strings; a missing key gives an empty list. */
  public List<String> strings(String key) {
    YamlNode n = map.entries().get(key);
    if (n == null || n instanceof Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(n instanceof Seq seq)) {
      throw error(key, key + " in " + where + " must be a list");
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      if (!(item instanceof Scalar s) || s.isNull()) {
        throw new NotifyConfigException(file, item.line(), key + " entries must be strings");
      }
      out.add(s.text());
    }
    return out;
  }

  /** A list of mappings, each wrapped for located reads. */
  public List<Fields> list(String key, String itemWhere) {
    YamlNode n = map.entries().get(key);
    if (n == null || n instanceof Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(n instanceof Seq seq)) {
      throw error(key, key + " in " + where + " must be a list");
    }
    List<Fields> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      out.add(new Fields(file, item, itemWhere));
    }
    return out;
  }

  /** A mapping of string to string (as {@code match:}); null values read as empty. */
  public java.util.Map<String, String> stringMap(String key) {
    YamlNode n = map.entries().get(key);
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (n == null || n instanceof Scalar s && s.isNull()) {
      return out;
    }
    Fields f = new Fields(file, n, key);
    for (String k : f.keys()) {
      out.put(k, f.string(k, ""));
    }
    return out;
  }
}
