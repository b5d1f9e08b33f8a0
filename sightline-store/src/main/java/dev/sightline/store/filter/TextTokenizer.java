package dev.sightline.store.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokenizer that defines {@link Filter.Contains} and {@link Filter.MessageContains}: a token is a
 * maximal run of code points for which {@link Character#isLetterOrDigit(int)} is true, lowercased code
 * point by code point with {@link Character#toLowerCase(int)}; a token is cut as soon as it reaches
 * {@value #MAX_TOKEN_LENGTH} chars, the remainder starting a new token.
 *
 * <p>This is exactly Lucene's {@code CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit)}
 * (default maximum token length 255) followed by {@code LowerCaseFilter}, so an event store indexing
 * text with that analyzer and running a phrase query gets the same answers as the reference evaluator.
 * Example: {@code "Payment FAILED: card_declined (code=51)"} gives
 * {@code [payment, failed, card, declined, code, 51]}.
 */
public final class TextTokenizer {
  public static final int MAX_TOKEN_LENGTH = 255;

  private TextTokenizer() {}

  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        cur.appendCodePoint(Character.toLowerCase(cp));
        // As Lucene's CharTokenizer: append, then cut once the token reaches the maximum length.
        if (cur.length() >= MAX_TOKEN_LENGTH) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else if (!cur.isEmpty()) {
        out.add(cur.toString());
        cur.setLength(0);
      }
      i += n;
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  /**
   * Whether {@code needle} occurs as a contiguous run inside {@code haystack}; throws
   * FilterEvaluationException past {@code maxSteps} token comparisons.
   */
  static boolean containsPhrase(List<String> haystack, List<String> needle, long maxSteps) {
    if (needle.isEmpty()) {
      return false;
    }
    long steps = 0;
    outer:
    for (int i = 0; i + needle.size() <= haystack.size(); i++) {
      for (int j = 0; j < needle.size(); j++) {
        if (++steps > maxSteps) {
          throw new FilterEvaluationException("CONTAINS text of " + needle.size()
              + " tokens needs too many steps on a value of " + haystack.size() + " tokens; search for fewer words");
        }
        if (!haystack.get(i + j).equals(needle.get(j))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
