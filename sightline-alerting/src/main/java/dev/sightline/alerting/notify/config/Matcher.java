package dev.sightline.alerting.notify.config;

import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager defines it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regexes are fully anchored; an absent label matches as
 * the empty string (so {@code team!="x"} matches alerts without {@code team}).
 */
public record Matcher(String name, Op op, String value) {
  public enum Op {
    EQ("="), NE("!="), RE("=~"), NRE("!~");
    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Matcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    value = value == null ? "" : value;
    if (op == Op.RE || op == Op.NRE) {
      compile(value);
    }
  }

  public static Matcher of(String name, Op op, String value) {
    return new Matcher(name, op, value);
  }

  /** Compiled regexes, shared: routing evaluates the same few matchers for every alert. Bounded by clearing. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private static Pattern compile(String regex) {
    Pattern cached = CACHE.get(regex);
    if (cached != null) {
      return cached;
    }
    try {
      Pattern p = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
      if (CACHE.size() > 10_000) {
        CACHE.clear();
      }
      CACHE.put(regex, p);
      return p;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression \"" + regex + "\": " + e.getDescription());
    }
  }

  public boolean matches(Labels labels) {
    String v = labels.get(name);
    String actual = v == null ? "" : v;
    return switch (op) {
      case EQ -> actual.equals(value);
      case NE -> !actual.equals(value);
      case RE -> compile(value).matcher(actual).matches();
      case NRE -> !compile(value).matcher(actual).matches();
    };
  }

  /** All matchers match (an empty list matches everything). */
  public static boolean all(List<Matcher> matchers, Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses one element of a {@code matchers:} list, e.g. {@code severity="critical"} or
   * {@code {service=~"a|b", env!=dev}}; several comma-separated matchers are allowed, as Alertmanager does.
   */
  public static List<Matcher> parseList(String input) {
    String s = input.strip();
    if (s.startsWith("{")) {
      if (!s.endsWith("}")) {
        throw new IllegalArgumentException("missing closing '}' in \"" + input + "\"");
      }
      s = s.substring(1, s.length() - 1);
    }
    List<Matcher> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      if (i >= s.length()) {
        break;
      }
      int start = i;
      while (i < s.length() && "=!~,".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String name = s.substring(start, i).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("missing label name in matcher \"" + input + "\"");
      }
      if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
        name = name.substring(1, name.length() - 1);
      }
      Op op;
      if (s.startsWith("=~", i)) {
        op = Op.RE;
      } else if (s.startsWith("!~", i)) {
        op = Op.NRE;
      } else if (s.startsWith("!=", i)) {
        op = Op.NE;
      } else if (s.startsWith("=", i)) {
        op = Op.EQ;
      } else {
        throw new IllegalArgumentException("missing operator (=, !=, =~, !~) after \"" + name + "\" in matcher \"" + input + "\"");
      }
      i += op.symbol().length();
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            char e = s.charAt(i++);
            value.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated quoted value in matcher \"" + input + "\"");
        }
      } else {
        int vs = i;
        while (i < s.length() && s.charAt(i) != ',') {
          i++;
        }
        value.append(s, vs, i);
      }
      out.add(new Matcher(name, op, value.toString().strip()));
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      if (i < s.length() && s.charAt(i) != ',') {
        throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' after matcher in \"" + input + "\"");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty matcher \"" + input + "\"");
    }
    return out;
  }

  /** Alertmanager's rendering, used in group keys: {@code service=~"foo|bar"}. */
  @Override
  public String toString() {
    return name + op.symbol() + quote(value);
  }

  static String quote(String v) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
