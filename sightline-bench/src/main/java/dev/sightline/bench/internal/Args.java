package dev.sightline.bench.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --key value} and {@code --flag} command-line options, checked against the names a main
 * accepts so that a typo fails loudly instead of silently running the default benchmark.
 */
public final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @param options names taking a value, without the leading dashes
   * @param flags names taking no value
   * @throws IllegalArgumentException naming the offending argument
   */
  public static Args parse(String[] argv, Set<String> options, Set<String> flags) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("expected an option such as --spans, got '" + a + "'");
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && inline == null) {
        values.put(name, "true");
      } else if (options.contains(name)) {
        if (inline == null) {
          if (i + 1 >= argv.length) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
          }
          inline = argv[++i];
        }
        values.put(name, inline);
      } else {
        throw new IllegalArgumentException("unknown option --" + name + "; known: "
            + List.copyOf(new java.util.TreeSet<>(union(options, flags))));
      }
    }
    return new Args(values);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return v;
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  /** A positive or zero count; accepts {@code 10_000_000}, {@code 10k}, {@code 10m}. */
  public long count(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    String s = v.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    long mult = 1;
    if (s.endsWith("k")) {
      mult = 1_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      mult = 1_000_000;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Math.multiplyExact(Long.parseLong(s), mult);
      if (n < 0) {
        throw new IllegalArgumentException("option --" + name + " must not be negative, got '" + v + "'");
      }
      return n;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("option --" + name + " expects a count such as 1000, 10k or 10m, got '"
          + v + "'");
    }
  }

  public int intCount(String name, int fallback) {
    long n = count(name, fallback);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("option --" + name + " is too large: " + n);
    }
    return (int) n;
  }
}
