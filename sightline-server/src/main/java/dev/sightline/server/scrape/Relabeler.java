package dev.sightline.server.scrape;

import dev.sightline.model.metric.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prometheus relabelling: a list of steps applied in order to a label set, any of which may drop it.
 * Actions: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep,
 * lowercase, uppercase — with Prometheus's semantics (anchored regexes, {@code $1}/{@code ${1}}
 * references, an empty result of replace removing the target label).
 */
public final class Relabeler {
  private static final Set<String> ACTIONS = Set.of("replace", "keep", "drop", "keepequal", "dropequal",
      "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern GROUP_REF = Pattern.compile("\\$(\\{(\\w+)}|(\\d+))");

  private record Step(RelabelConfig c, Pattern regex) {}

  private final List<Step> steps;

  private Relabeler(List<Step> steps) {
    this.steps = steps;
  }

  /** Validates every step; the message names the step's index and what is wrong. */
  public static Relabeler of(List<RelabelConfig> configs, String what) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      RelabelConfig c = configs.get(i);
      String where = what + "[" + i + "]";
      if (!ACTIONS.contains(c.action())) {
        throw new IllegalArgumentException(where + ": unknown relabel action '" + c.action() + "'; expected one of "
            + new java.util.TreeSet<>(ACTIONS));
      }
      Pattern p;
      try {
        p = Pattern.compile("^(?:" + c.regex() + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(where + ": invalid regex '" + c.regex() + "': " + e.getDescription());
      }
      boolean needsTarget = switch (c.action()) {
        case "replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal" -> true;
        default -> false;
      };
      if (needsTarget && (c.targetLabel() == null || c.targetLabel().isEmpty())) {
        throw new IllegalArgumentException(where + ": relabel action '" + c.action() + "' requires target_label");
      }
      if (c.action().equals("hashmod") && (c.modulus() == null || c.modulus() <= 0)) {
        throw new IllegalArgumentException(where + ": relabel action 'hashmod' requires a positive modulus");
      }
      steps.add(new Step(c, p));
    }
    return new Relabeler(List.copyOf(steps));
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The relabelled set, or null when a step drops it. */
  public Labels apply(Labels in) {
    Labels.Builder b = in.toBuilder();
    for (Step s : steps) {
      RelabelConfig c = s.c();
      String value = concat(b, c);
      switch (c.action()) {
        case "drop" -> {
          if (s.regex().matcher(value).matches()) {
            return null;
          }
        }
        case "keep" -> {
          if (!s.regex().matcher(value).matches()) {
            return null;
          }
        }
        case "dropequal" -> {
          if (value.equals(orEmpty(b.get(c.targetLabel())))) {
            return null;
          }
        }
        case "keepequal" -> {
          if (!value.equals(orEmpty(b.get(c.targetLabel())))) {
            return null;
          }
        }
        case "replace" -> {
          Matcher m = s.regex().matcher(value);
          if (!m.matches()) {
            break;
          }
          String target = expand(m, c.targetLabel());
          if (!LABEL_NAME.matcher(target).matches()) {
            break;
          }
          String v = expand(m, c.replacement());
          if (v.isEmpty()) {
            b.remove(target);
          } else {
            b.set(target, v);
          }
        }
        case "lowercase" -> b.set(c.targetLabel(), value.toLowerCase(Locale.ROOT));
        case "uppercase" -> b.set(c.targetLabel(), value.toUpperCase(Locale.ROOT));
        case "hashmod" -> b.set(c.targetLabel(), Long.toString(Long.remainderUnsigned(md5Prefix(value), c.modulus())));
        case "labelmap" -> {
          Labels current = b.build();
          for (int i = 0; i < current.size(); i++) {
            Matcher m = s.regex().matcher(current.name(i));
            if (m.matches()) {
              b.set(expand(m, c.replacement()), current.value(i));
            }
          }
        }
        case "labeldrop", "labelkeep" -> {
          Labels current = b.build();
          boolean drop = c.action().equals("labeldrop");
          for (int i = 0; i < current.size(); i++) {
            if (s.regex().matcher(current.name(i)).matches() == drop) {
              b.remove(current.name(i));
            }
          }
        }
        default -> throw new IllegalStateException(c.action());
      }
    }
    return b.build();
  }

  private static String concat(Labels.Builder b, RelabelConfig c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.sourceLabels().size(); i++) {
      if (i > 0) {
        sb.append(c.separator());
      }
      sb.append(orEmpty(b.get(c.sourceLabels().get(i))));
    }
    return sb.toString();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Expands {@code $1}, {@code ${1}} and {@code ${name}} as Go's regexp.Expand does (unknown → empty). */
  static String expand(Matcher m, String template) {
    Matcher refs = GROUP_REF.matcher(template);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (refs.find()) {
      out.append(template, last, refs.start());
      String name = refs.group(2) != null ? refs.group(2) : refs.group(3);
      String v;
      try {
        v = name.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(name)) : m.group(name);
      } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
        v = "";
      }
      out.append(v == null ? "" : v);
      last = refs.end();
    }
    return out.append(template.substring(last)).toString();
  }

  /** Prometheus's hashmod: the last 8 bytes of the MD5 sum, big-endian. */
  private static long md5Prefix(String s) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 8; i < 16; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
