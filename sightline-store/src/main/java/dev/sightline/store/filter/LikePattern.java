package dev.sightline.store.filter;

/**
 * A compiled SQL {@code LIKE} pattern ({@code %}, {@code _}, {@code \} escape; a trailing lone backslash
 * is literal). Matching is the greedy-star algorithm, O(value × pattern) in the worst case, so a hostile
 * pattern cannot backtrack exponentially; a step budget bounds even that on huge values.
 */
final class LikePattern {
  private static final int ANY_SEQUENCE = -1;
  private static final int ANY_ONE = -2;

  private final int[] elements;

  private LikePattern(int[] elements) {
    this.elements = elements;
  }

  static LikePattern compile(String pattern) {
    int[] buf = new int[pattern.length()];
    int n = 0;
    int i = 0;
    while (i < pattern.length()) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' && i < pattern.length()) {
        cp = pattern.codePointAt(i);
        i += Character.charCount(cp);
        buf[n++] = cp;
      } else if (cp == '%') {
        if (n == 0 || buf[n - 1] != ANY_SEQUENCE) { // collapse %% into one
          buf[n++] = ANY_SEQUENCE;
        }
      } else if (cp == '_') {
        buf[n++] = ANY_ONE;
      } else {
        buf[n++] = cp;
      }
    }
    return new LikePattern(java.util.Arrays.copyOf(buf, n));
  }

  /** Whether the whole value matches; throws FilterEvaluationException past {@code maxSteps} steps. */
  boolean matches(String value, long maxSteps) {
    int[] s = value.codePoints().toArray();
    int si = 0;
    int pi = 0;
    int starP = -1;
    int starS = -1;
    long steps = 0;
    while (si < s.length) {
      if (++steps > maxSteps) {
        throw new FilterEvaluationException("LIKE pattern needs too many steps on a value of " + value.length()
            + " characters; use fewer % wildcards");
      }
      if (pi < elements.length && (elements[pi] == ANY_ONE || elements[pi] == s[si])) {
        si++;
        pi++;
      } else if (pi < elements.length && elements[pi] == ANY_SEQUENCE) {
        starP = pi++;
        starS = si;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < elements.length && elements[pi] == ANY_SEQUENCE) {
      pi++;
    }
    return pi == elements.length;
  }
}
