package dev.sightline.store.lucene;

import dev.sightline.store.filter.TextTokenizer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The analyzer of the token fields ({@code t.<name>}): exactly {@link TextTokenizer}'s rule (runs of
 * letters or digits, cut at 255 chars, lowercased per code point), so a phrase query answers
 * {@code CONTAINS} as the reference evaluator does. Values of a multi-valued field are 100 positions
 * apart, so a phrase never spans two values.
 */
final class TokenAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokenizer = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
    return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
  }

  @Override
  public int getPositionIncrementGap(String fieldName) {
    return 100;
  }

  static {
    // Guard the equivalence the class relies on.
    if (TextTokenizer.MAX_TOKEN_LENGTH != CharTokenizer.DEFAULT_MAX_WORD_LEN) {
      throw new AssertionError("TextTokenizer and CharTokenizer disagree on the token length");
    }
  }
}
