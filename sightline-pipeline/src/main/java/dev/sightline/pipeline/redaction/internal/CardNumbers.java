package dev.sightline.pipeline.redaction.internal;

/**
 * Finds payment card numbers in free text without a regex: runs of 13-19 digits, either contiguous or
 * in separated groups ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}), standing alone (no
 * letter or digit touching either end, so hex ids and longer numbers never match), starting with an
 * issuer prefix (2221-2720, 3, 4, 5, 6) and passing the Luhn check. The prefix rule keeps epoch
 * timestamps (which start with 1) out; Luhn removes nine in ten of the remaining random numbers.
 */
final class CardNumbers {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;

  private CardNumbers() {}

  /** Cheap pre-check: at least 13 digits somewhere in the text. */
  static boolean mayContain(String s) {
    int n = s.length();
    if (n < MIN_DIGITS) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' && ++digits >= MIN_DIGITS) {
        return true;
      }
    }
    return false;
  }

  /**
   * Masks every card number with {@code mask}; returns the input instance when none is found.
   * {@code onHit} is called once per number masked.
   */
  static String mask(String s, String mask, Runnable onHit) {
    if (!mayContain(s)) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = s.length();
    int i = 0;
    int[] groupStarts = new int[8];
    int[] groupEnds = new int[8];
    while (i < n) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      // one run: digit groups joined by single spaces or hyphens
      int groups = 0;
      int j = i;
      while (true) {
        int gs = j;
        while (j < n && isDigit(s.charAt(j))) {
          j++;
        }
        if (groups == groupStarts.length) {
          groupStarts = java.util.Arrays.copyOf(groupStarts, groups * 2);
          groupEnds = java.util.Arrays.copyOf(groupEnds, groups * 2);
        }
        groupStarts[groups] = gs;
        groupEnds[groups] = j;
        groups++;
        char c = j < n ? s.charAt(j) : 0;
        if ((c == ' ' || c == '-') && j + 1 < n && isDigit(s.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      boolean alone = (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
          && (j == n || !Character.isLetterOrDigit(s.charAt(j)));
      if (alone) {
        if (groups > 1 && groups <= 6 && groupedCard(s, groupStarts, groupEnds, groups)) {
          out = append(out, s, copied, i, mask, n);
          copied = j;
          onHit.run();
        } else {
          // each group on its own: "4111111111111111 4111111111111111" is two cards
          for (int g = 0; g < groups; g++) {
            if (isCard(s, groupStarts[g], groupEnds[g])) {
              out = append(out, s, copied, groupStarts[g], mask, n);
              copied = groupEnds[g];
              onHit.run();
            }
          }
        }
      }
      i = j;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, n).toString();
  }

  private static StringBuilder append(StringBuilder out, String s, int from, int to, String mask, int n) {
    StringBuilder sb = out == null ? new StringBuilder(n) : out;
    return sb.append(s, from, to).append(mask);
  }

  /** Groups as printed on cards: first of 4 digits, the others 3 to 6. */
  private static boolean groupedCard(String s, int[] starts, int[] ends, int groups) {
    int total = 0;
    for (int g = 0; g < groups; g++) {
      int len = ends[g] - starts[g];
      if (g == 0 ? len != 4 : len < 3 || len > 6) {
        return false;
      }
      total += len;
    }
    if (total < MIN_DIGITS || total > MAX_DIGITS) {
      return false;
    }
    int[] d = new int[total];
    int k = 0;
    for (int g = 0; g < groups; g++) {
      for (int p = starts[g]; p < ends[g]; p++) {
        d[k++] = s.charAt(p) - '0';
      }
    }
    return issuerPlausible(d, total) && luhn(d, total);
  }

  private static boolean isCard(String s, int start, int end) {
    int len = end - start;
    if (len < MIN_DIGITS || len > MAX_DIGITS) {
      return false;
    }
    int[] d = new int[len];
    for (int p = 0; p < len; p++) {
      d[p] = s.charAt(start + p) - '0';
    }
    return issuerPlausible(d, len) && luhn(d, len);
  }

  static boolean luhn(int[] d, int count) {
    int sum = 0;
    boolean twice = false;
    for (int k = count - 1; k >= 0; k--) {
      int v = d[k];
      if (twice) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Issuer identification prefixes and lengths of the major networks (Visa, Mastercard, Amex, ...). */
  static boolean issuerPlausible(int[] d, int count) {
    return switch (d[0]) {
      case 4 -> count == 13 || count == 16 || count == 19;
      case 5 -> count >= 16;
      case 2 -> {
        int p = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
        yield count == 16 && p >= 2221 && p <= 2720;
      }
      case 3 -> (d[1] == 4 || d[1] == 7) ? count == 15 : count >= 14;
      case 6 -> count >= 16;
      default -> false;
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
