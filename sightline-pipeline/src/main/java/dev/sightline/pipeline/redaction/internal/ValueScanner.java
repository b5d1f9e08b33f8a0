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
 *
 * <p>Even the pre-checks are not run one by one on every string: {@link #screen} reads the string once
 * and notes, for each built-in rule, whether a character pair its secret cannot do without occurs
 * ({@code "ey"}+{@code "J"} → {@code yJ} for a JWT, {@code AK}/{@code AS}/... for AWS keys, 13 digits for
 * a card). Only the rules it leaves standing run their pre-check and regex.
 */
public final class ValueScanner {
  /** Built-in value rule names, in the order they apply. */
  public static final List<String> BUILT_IN = List.of(
      "card", "bearer", "jwt", "aws_access_key", "gcp_api_key", "github_token", "url_credentials");

  private final List<Rule> rules;

  /**
   * One built-in or custom rule. {@code screenBit} is the rule's bit in {@link #screen}'s answer, or
   * {@link #ALWAYS} for rules the screen knows nothing about (custom regexes).
   */
  private record Rule(String name, int screenBit, Predicate<String> precheck, Pattern pattern, String mask) {}

  /** Screen bits, one per built-in rule; {@link #ALWAYS} is set in every screen answer. */
  static final int CARD = 1;
  static final int BEARER = 1 << 1;
  static final int JWT = 1 << 2;
  static final int AWS = 1 << 3;
  static final int GCP = 1 << 4;
  static final int GITHUB = 1 << 5;
  static final int URL_CREDENTIALS = 1 << 6;
  static final int ALWAYS = 1 << 7;
  // Parts of URL_CREDENTIALS, which needs both.
  private static final int URL_SCHEME = 1 << 8;
  private static final int AT_SIGN = 1 << 9;

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
      r.add(new Rule(c[0], ALWAYS, s -> true, compile(c[0], c[1]), Masks.of(c[0])));
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
      case "card" -> new Rule(name, CARD, CardNumbers::mayContain, null, Masks.of(name));
      case "bearer" -> new Rule(name, BEARER, s -> containsIgnoreCase(s, "bearer"),
          Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]{16,}=*)"), Masks.of(name));
      case "jwt" -> new Rule(name, JWT, s -> s.contains("eyJ"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), Masks.of(name));
      case "aws_access_key" -> new Rule(name, AWS, s -> s.length() >= 20 && (s.contains("AKIA")
          || s.contains("ASIA") || s.contains("ABIA") || s.contains("ACCA")),
          Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b"), Masks.of(name));
      case "gcp_api_key" -> new Rule(name, GCP, s -> s.contains("AIza"),
          Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}"), Masks.of(name));
      case "github_token" -> new Rule(name, GITHUB, s -> s.contains("gh") || s.contains("github_pat_"),
          Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"),
          Masks.of(name));
      case "url_credentials" -> new Rule(name, URL_CREDENTIALS, s -> s.contains("://") && s.indexOf('@') > 0,
          Pattern.compile("(?<=://)([^\\s/:@]+:[^\\s/@]+)(?=@)"), Masks.of(name));
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * Which rules may match {@code s}, in one pass: a rule whose bit is clear cannot match (each bit
   * stands for a character pair, or a digit count, that every match of the rule contains); a set bit
   * only means its pre-check must run. {@link #ALWAYS} is always set.
   */
  static int screen(String s) {
    int bits = ALWAYS;
    int digits = 0;
    char prev = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '@') {
        bits |= AT_SIGN;
      } else {
        switch (prev) {
          case 'b', 'B' -> {
            if (c == 'e' || c == 'E') {
              bits |= BEARER;   // "bearer", any case
            } else if (c == '_') {
              bits |= GITHUB;   // "github_pat_"
            }
          }
          case 'y' -> bits |= c == 'J' ? JWT : 0;   // "eyJ"
          case 'A' -> {
            if (c == 'K' || c == 'S' || c == 'B' || c == 'C') {
              bits |= AWS;      // "AKIA", "ASIA", "ABIA", "ACCA"
            } else if (c == 'I') {
              bits |= GCP;      // "AIza"
            }
          }
          case 'g' -> bits |= c == 'h' ? GITHUB : 0;   // "gh"
          case ':' -> bits |= c == '/' ? URL_SCHEME : 0;   // "://"
          default -> { }
        }
      }
      prev = c;
    }
    if (digits >= CardNumbers.MIN_DIGITS) {
      bits |= CARD;
    }
    if ((bits & (URL_SCHEME | AT_SIGN)) == (URL_SCHEME | AT_SIGN)) {
      bits |= URL_CREDENTIALS;
    }
    return bits;
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
    int maybe = screen(s);
    for (Rule rule : rules) {
      if ((maybe & rule.screenBit) == 0 || !rule.precheck.test(cur)) {
        continue;
      }
      String next = rule.pattern == null
          ? CardNumbers.mask(cur, rule.mask, () -> onHit.accept(rule.name))
          : replace(cur, rule, onHit);
      if (next != cur) {
        cur = next;
        maybe = screen(cur);   // a mask removed text (and added its own): screen what the next rules see
      }
    }
    return cur;
  }

  /** The pre-check of the built-in rule {@code name}, as the screen's answer for it must cover. */
  static Predicate<String> precheck(String name) {
    return builtIn(name).precheck;
  }

  /** The screen bit of the built-in rule {@code name}. */
  static int screenBit(String name) {
    return builtIn(name).screenBit;
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
