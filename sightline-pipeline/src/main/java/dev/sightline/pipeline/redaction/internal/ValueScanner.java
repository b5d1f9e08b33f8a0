package dev.sightline.pipeline.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets inside string values (attribute values, log bodies, span names): card numbers, bearer
 * tokens, JWTs, cloud keys, credentials in URLs, and custom patterns. Each built-in rule has a pre-check
 * (a substring or a digit count) that rejects almost every value before any regex runs, because this
 * runs on every string of every span and log.
 */
public final class ValueScanner {
  /** Built-in value rule names, in the order they apply. */
  public static final List<String> BUILT_IN = List.of(
      "card", "bearer", "jwt", "aws_access_key", "gcp_api_key", "github_token", "url_credentials");

  private final List<Rule> rules;

  private record Rule(String name, Predicate<String> precheck, Pattern pattern, String mask) {}

  /**
   * @param builtIns built-in rule names to apply (unknown names are refused)
   * @param custom name → regex of extra rules
   */
  public ValueScanner(List<String> builtIns, List<String[]> custom) {
    List<Rule> r = new ArrayList<>();
    Set<String> wanted = Set.copyOf(builtIns);
    for (String name : builtIns) {
      if (!BUILT_IN.contains(name)) {
        throw new IllegalArgumentException("redaction.value_rules: unknown rule '" + name
            + "'; known rules are " + BUILT_IN);
      }
    }
    for (String name : BUILT_IN) {
      if (wanted.contains(name)) {
        r.add(builtIn(name));
      }
    }
    for (String[] c : custom) {
      r.add(new Rule(c[0], s -> true, compile(c[0], c[1]), Masks.of(c[0])));
    }
    this.rules = List.copyOf(r);
  }

  private static Pattern compile(String name, String regex) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("redaction.custom_rules: a rule has no name");
    }
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("redaction.custom_rules." + name + ": regex is empty");
    }
    try {
      return Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("redaction.custom_rules." + name + ": invalid regex: "
          + e.getDescription() + " near index " + e.getIndex(), e);
    }
  }

  private static Rule builtIn(String name) {
    return switch (name) {
      case "card" -> new Rule(name, CardNumbers::mayContain, null, Masks.of(name));
      case "bearer" -> new Rule(name, s -> containsIgnoreCase(s, "bearer"),
          Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]{16,}=*)"), Masks.of(name));
      case "jwt" -> new Rule(name, s -> s.contains("eyJ"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), Masks.of(name));
      case "aws_access_key" -> new Rule(name, s -> s.length() >= 20 && (s.contains("AKIA")
          || s.contains("ASIA") || s.contains("ABIA") || s.contains("ACCA")),
          Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b"), Masks.of(name));
      case "gcp_api_key" -> new Rule(name, s -> s.contains("AIza"),
          Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}"), Masks.of(name));
      case "github_token" -> new Rule(name, s -> s.contains("gh") || s.contains("github_pat_"),
          Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"),
          Masks.of(name));
      case "url_credentials" -> new Rule(name, s -> s.contains("://") && s.indexOf('@') > 0,
          Pattern.compile("(?<=://)([^\\s/:@]+:[^\\s/@]+)(?=@)"), Masks.of(name));
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** True when no rule is configured (callers can skip scanning altogether). */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Masks every match of every rule; returns the same instance when nothing matched. {@code onHit}
   * receives the rule name once per masked occurrence.
   */
  public String scan(String s, Consumer<String> onHit) {
    String cur = s;
    for (Rule rule : rules) {
      if (!rule.precheck.test(cur)) {
        continue;
      }
      if (rule.pattern == null) {
        cur = CardNumbers.mask(cur, rule.mask, () -> onHit.accept(rule.name));
      } else {
        cur = replace(cur, rule, onHit);
      }
    }
    return cur;
  }

  private static String replace(String s, Rule rule, Consumer<String> onHit) {
    Matcher m = rule.pattern.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int copied = 0;
    do {
      // a rule with a group masks only the secret part ("Bearer [REDACTED:bearer]")
      int start = m.groupCount() >= 1 ? m.start(1) : m.start();
      int end = m.groupCount() >= 1 ? m.end(1) : m.end();
      sb.append(s, copied, start).append(rule.mask);
      copied = end;
      onHit.accept(rule.name);
    } while (m.find());
    return sb.append(s, copied, s.length()).toString();
  }

  static boolean containsIgnoreCase(String s, String lowerNeedle) {
    int n = lowerNeedle.length();
    for (int i = 0, last = s.length() - n; i <= last; i++) {
      if (s.regionMatches(true, i, lowerNeedle, 0, n)) {
        return true;
      }
    }
    return false;
  }
}
