package dev.sightline.store.lucene;

import java.util.Optional;

/**
 * Rewrites a Java regular expression into Lucene {@code RegExp} syntax when, and only when, both mean
 * the same for a whole-value match ({@code Matcher.matches()} against a term). The accepted subset:
 * literals (non-alphanumerics escaped), {@code .} (as Java's "any but a line terminator"), {@code \d \w \s}
 * and their negations, simple classes of alphanumerics and ranges ({@code [a-z0-9]}, {@code [^x]}),
 * groups {@code ( )}, alternation, greedy {@code * + ? {n} {n,} {n,m}}, and a leading {@code (?i)}
 * (ASCII case-insensitive in both engines; then classes with letters are refused). Anything else
 * (anchors, lazy or possessive quantifiers, back-references, lookaround, inline flags, {@code \p{..}},
 * empty alternatives) gives {@link Optional#empty()}, and the caller post-filters with the reference
 * evaluator instead.
 */
final class RegexTranslation {
  /** The Lucene pattern and whether it runs ASCII case-insensitively. */
  record Lucene(String pattern, boolean caseInsensitive) {}

  private static final String DOT = "[^\n\r\u0085\u2028\u2029]";

  private final String re;
  private final boolean caseInsensitive;
  private int pos;
  private final StringBuilder out = new StringBuilder();

  private RegexTranslation(String re, int start, boolean caseInsensitive) {
    this.re = re;
    this.pos = start;
    this.caseInsensitive = caseInsensitive;
  }

  static Optional<Lucene> translate(String javaRegex) {
    boolean ci = javaRegex.startsWith("(?i)");
    RegexTranslation t = new RegexTranslation(javaRegex, ci ? 4 : 0, ci);
    try {
      t.alternation(0);
      if (t.pos != javaRegex.length()) {
        return Optional.empty();
      }
      return Optional.of(new Lucene(t.out.toString(), ci));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  private static final class Unsupported extends Exception {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private void alternation(int depth) throws Unsupported {
    if (depth > 50) {
      throw new Unsupported();
    }
    sequence(depth);
    while (pos < re.length() && re.charAt(pos) == '|') {
      pos++;
      out.append('|');
      sequence(depth);
    }
  }

  /** One or more quantified atoms, up to {@code |}, {@code )} or the end. */
  private void sequence(int depth) throws Unsupported {
    int atoms = 0;
    while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
      atom(depth);
      quantifier();
      atoms++;
    }
    if (atoms == 0) {
      throw new Unsupported(); // empty alternatives: keep the subset small
    }
  }

  private void atom(int depth) throws Unsupported {
    int cp = re.codePointAt(pos);
    pos += Character.charCount(cp);
    switch (cp) {
      case '(' -> {
        if (pos < re.length() && re.charAt(pos) == '?') {
          throw new Unsupported();
        }
        out.append('(');
        alternation(depth + 1);
        if (pos >= re.length() || re.charAt(pos) != ')') {
          throw new Unsupported();
        }
        pos++;
        out.append(')');
      }
      case '.' -> out.append(DOT);
      case '[' -> characterClass();
      case '\\' -> escape();
      case '^', '$', '*', '+', '?', '{', '}', ']', ')' -> throw new Unsupported();
      default -> literal(cp);
    }
  }

  private void escape() throws Unsupported {
    if (pos >= re.length()) {
      throw new Unsupported();
    }
    int cp = re.codePointAt(pos);
    pos += Character.charCount(cp);
    switch (cp) {
      case 'd' -> out.append("[0-9]");
      case 'D' -> out.append("[^0-9]");
      case 'w' -> out.append("[a-zA-Z_0-9]");
      case 'W' -> out.append("[^a-zA-Z_0-9]");
      case 's' -> out.append("[ \t\n\u000B\f\r]");
      case 'S' -> out.append("[^ \t\n\u000B\f\r]");
      default -> {
        if (Character.isLetterOrDigit(cp) || cp > 0x7F) {
          throw new Unsupported(); // \b, \p{..}, \1, \Q, \n ... have their own meanings
        }
        literal(cp);
      }
    }
  }

  private void literal(int cp) {
    if (!Character.isLetterOrDigit(cp)) {
      out.append('\\');
    }
    out.appendCodePoint(cp);
  }

  private void characterClass() throws Unsupported {
    out.append('[');
    if (pos < re.length() && re.charAt(pos) == '^') {
      out.append('^');
      pos++;
    }
    int items = 0;
    while (true) {
      if (pos >= re.length()) {
        throw new Unsupported();
      }
      int cp = re.codePointAt(pos);
      if (cp == ']' && items > 0) {
        pos++;
        out.append(']');
        return;
      }
      if (!Character.isLetterOrDigit(cp) || (caseInsensitive && Character.isLetter(cp))) {
        throw new Unsupported();
      }
      pos += Character.charCount(cp);
      out.appendCodePoint(cp);
      if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
        int to = re.codePointAt(pos + 1);
        if (!Character.isLetterOrDigit(to) || to < cp) {
          throw new Unsupported();
        }
        pos += 1 + Character.charCount(to);
        out.append('-').appendCodePoint(to);
      }
      items++;
    }
  }

  private void quantifier() throws Unsupported {
    if (pos >= re.length()) {
      return;
    }
    char c = re.charAt(pos);
    if (c == '*' || c == '+' || c == '?') {
      pos++;
      out.append(c);
    } else if (c == '{') {
      int close = re.indexOf('}', pos);
      if (close < 0) {
        throw new Unsupported();
      }
      String body = re.substring(pos + 1, close);
      if (!body.matches("\\d{1,4}(,(\\d{1,4})?)?")) {
        throw new Unsupported();
      }
      out.append('{').append(body).append('}');
      pos = close + 1;
    } else {
      return;
    }
    if (pos < re.length() && "*+?{".indexOf(re.charAt(pos)) >= 0) {
      throw new Unsupported(); // lazy, possessive or stacked quantifiers
    }
  }
}
