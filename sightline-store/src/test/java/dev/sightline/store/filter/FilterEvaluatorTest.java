package dev.sightline.store.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static boolean eval(Filter f, Map<String, Object> row) {
    return FilterEvaluator.matches(f, row);
  }

  private static Filter cmp(String field, CompareOp op, Value v) {
    return new Filter.Compare(field, op, v);
  }

  @Test
  void leavesOnAMissingFieldAreFalseAndNotIsTheComplement() {
    Map<String, Object> r = row("level", "ERROR");
    for (CompareOp op : CompareOp.values()) {
      assertThat(eval(cmp("region", op, Value.of("US")), r)).as(op.name()).isFalse();
    }
    assertThat(eval(new Filter.Contains("region", "us"), r)).isFalse();
    assertThat(eval(new Filter.Like("region", "%"), r)).isFalse();
    assertThat(eval(new Filter.Matches("region", ".*"), r)).isFalse();
    assertThat(eval(new Filter.Exists("region"), r)).isFalse();
    assertThat(eval(new Filter.In("region", List.of(Value.of("US"))), r)).isFalse();
    // NOT region = 'US' matches the row without a region; region != 'US' does not.
    assertThat(eval(Filter.not(Filter.eq("region", Value.of("US"))), r)).isTrue();
    assertThat(eval(cmp("region", CompareOp.NE, Value.of("US")), r)).isFalse();
    // null and an empty list count as missing.
    assertThat(eval(new Filter.Exists("region"), row("region", null))).isFalse();
    assertThat(eval(new Filter.Exists("region"), row("region", List.of()))).isFalse();
    assertThat(eval(new Filter.Exists("region"), row("region", ""))).isTrue();
  }

  @Test
  void valuesCompareOnlyWithinTheirFamily() {
    Map<String, Object> numeric = row("status", 500L);
    Map<String, Object> text = row("status", "500");
    assertThat(eval(Filter.eq("status", Value.of(500)), numeric)).isTrue();
    assertThat(eval(Filter.eq("status", Value.of(500)), text)).isFalse();
    assertThat(eval(Filter.eq("status", Value.of("500")), numeric)).isFalse();
    assertThat(eval(Filter.eq("status", Value.of("500")), text)).isTrue();
    // NE needs a value of the literal's family.
    assertThat(eval(cmp("status", CompareOp.NE, Value.of(404)), numeric)).isTrue();
    assertThat(eval(cmp("status", CompareOp.NE, Value.of(404)), text)).isFalse();
    assertThat(eval(Filter.eq("ok", Value.of(true)), row("ok", true))).isTrue();
    assertThat(eval(Filter.eq("ok", Value.of(true)), row("ok", "true"))).isFalse();
  }

  @Test
  void numbersCompareExactlyAcrossLongAndDouble() {
    assertThat(eval(Filter.eq("n", Value.of(3.0)), row("n", 3L))).isTrue();
    assertThat(eval(Filter.eq("n", Value.of(3)), row("n", 3))).isTrue(); // Integer widened
    assertThat(eval(cmp("n", CompareOp.LT, Value.of(2.5)), row("n", 2L))).isTrue();
    // 2^53 + 1 is not equal to the double 2^53, although (double) (2^53 + 1) == 2^53.
    long big = (1L << 53) + 1;
    assertThat(eval(Filter.eq("n", Value.of((double) (1L << 53))), row("n", big))).isFalse();
    assertThat(eval(cmp("n", CompareOp.GT, Value.of((double) (1L << 53))), row("n", big))).isTrue();
    assertThat(eval(Filter.eq("n", Value.of(big)), row("n", big))).isTrue();
    // NaN matches nothing, not even !=.
    assertThat(eval(cmp("n", CompareOp.NE, Value.of(1.0)), row("n", Double.NaN))).isFalse();
    assertThat(eval(cmp("n", CompareOp.NE, Value.of(Double.NaN)), row("n", 1.0))).isFalse();
  }

  @Test
  void stringsAreCaseSensitiveAndOrderedByCodePoint() {
    assertThat(eval(Filter.eq("level", Value.of("ERROR")), row("level", "error"))).isFalse();
    assertThat(eval(cmp("s", CompareOp.LT, Value.of("b")), row("s", "a"))).isTrue();
    assertThat(eval(cmp("s", CompareOp.LT, Value.of("b")), row("s", "B"))).isTrue(); // 'B' (66) < 'b' (98)
    // U+FFFD (a BMP char) sorts before U+1F600 in code point order although its UTF-16 unit is larger.
    assertThat(eval(cmp("s", CompareOp.LT, Value.of("\uD83D\uDE00")), row("s", "\uFFFD"))).isTrue();
    assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
  }

  @Test
  void multiValuedFieldsMatchWhenAnyElementDoes() {
    Map<String, Object> r = row("tags", List.of("a", "b"));
    assertThat(eval(Filter.eq("tags", Value.of("b")), r)).isTrue();
    assertThat(eval(cmp("tags", CompareOp.NE, Value.of("b")), r)).isFalse(); // NE: no value equal
    assertThat(eval(cmp("tags", CompareOp.NE, Value.of("c")), r)).isTrue();
    assertThat(eval(new Filter.In("tags", List.of(Value.of("x"), Value.of("a"))), r)).isTrue();
  }

  @Test
  void containsIsACaseInsensitiveTokenPhraseMatch() {
    Map<String, Object> r = row("message", "Payment FAILED: card_declined (code=51) after Time-out");
    assertThat(eval(new Filter.MessageContains("failed"), r)).isTrue();
    assertThat(eval(new Filter.MessageContains("card declined"), r)).isTrue();
    assertThat(eval(new Filter.MessageContains("declined card"), r)).isFalse();
    assertThat(eval(new Filter.MessageContains("time out"), r)).isTrue();
    assertThat(eval(new Filter.MessageContains("fail"), r)).isFalse(); // a token, not a substring
    assertThat(eval(new Filter.Contains("message", "CODE 51"), r)).isTrue();
    assertThat(eval(new Filter.Contains("message", "51"), row("message", 51L))).isFalse();
    // body is an alias of message.
    assertThat(eval(new Filter.MessageContains("hello"), row("body", "Hello world"))).isTrue();
    assertThatThrownBy(() -> new Filter.MessageContains("  --  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void likeMatchesTheWholeValueWithEscapes() {
    assertThat(eval(new Filter.Like("p", "/api/%"), row("p", "/api/users"))).isTrue();
    assertThat(eval(new Filter.Like("p", "/api/%"), row("p", "/API/users"))).isFalse();
    assertThat(eval(new Filter.Like("p", "a_c"), row("p", "abc"))).isTrue();
    assertThat(eval(new Filter.Like("p", "a_c"), row("p", "a\uD83D\uDE00c"))).isTrue(); // one code point
    assertThat(eval(new Filter.Like("p", "a_c"), row("p", "abbc"))).isFalse();
    assertThat(eval(new Filter.Like("p", "100\\%"), row("p", "100%"))).isTrue();
    assertThat(eval(new Filter.Like("p", "100\\%"), row("p", "1000"))).isFalse();
    assertThat(eval(new Filter.Like("p", "%b"), row("p", "abc"))).isFalse();
    assertThat(eval(new Filter.Like("p", "%a%b%c%"), row("p", "xxaxxbxxcxx"))).isTrue();
    assertThat(eval(new Filter.Like("p", "a%%"), row("p", "a"))).isTrue();
    // Pathological for a backtracking matcher; linear-ish here.
    String longValue = "a".repeat(20_000);
    assertThat(eval(new Filter.Like("p", "%a%a%a%a%a%a%a%b"), row("p", longValue))).isFalse();
  }

  @Test
  void matchesIsAnchoredAndBudgeted() {
    assertThat(eval(new Filter.Matches("p", "GET /api/.*"), row("p", "GET /api/x"))).isTrue();
    assertThat(eval(new Filter.Matches("p", "api"), row("p", "GET /api/x"))).isFalse();
    assertThat(eval(new Filter.Matches("p", "(?i)get .*"), row("p", "GET /"))).isTrue();
    assertThatThrownBy(() -> new Filter.Matches("p", "(unclosed")).isInstanceOf(IllegalArgumentException.class);
    // Takes seconds unbudgeted (measured 4.5 s for 26 chars on JDK 25) and doubles with each char.
    Filter evil = new Filter.Matches("p", "(.*a){12}b");
    assertThatThrownBy(() -> eval(evil, row("p", "a".repeat(40))))
        .isInstanceOf(FilterEvaluationException.class)
        .hasMessageContaining("(.*a){12}b");
  }

  @Test
  void likeAndContainsAreBudgetedOnHugeValues() {
    String huge = "a".repeat(100_000);
    Filter like = new Filter.Like("p", "%" + "a".repeat(1_000) + "b");
    assertThatThrownBy(() -> eval(like, row("p", huge)))
        .isInstanceOf(FilterEvaluationException.class).hasMessageContaining("LIKE pattern needs too many steps");
    Filter phrase = new Filter.Contains("p", "a ".repeat(1_000) + "b");
    assertThatThrownBy(() -> eval(phrase, row("p", "a ".repeat(100_000))))
        .isInstanceOf(FilterEvaluationException.class).hasMessageContaining("CONTAINS text of 1001 tokens");
    // Ordinary sizes stay well inside the budget.
    assertThat(eval(new Filter.Like("p", "%" + "a".repeat(50) + "b"), row("p", "a".repeat(10_000) + "b"))).isTrue();
    assertThatThrownBy(() -> new Filter.Contains("p", "x".repeat(Filter.MAX_PATTERN_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeRangeIsHalfOpenOnTimestamp() {
    Filter f = new Filter.TimeRange(100, 200);
    assertThat(eval(f, row("timestamp", 100L))).isTrue();
    assertThat(eval(f, row("timestamp", 199L))).isTrue();
    assertThat(eval(f, row("timestamp", 200L))).isFalse();
    assertThat(eval(f, row("timestamp", 99L))).isFalse();
    assertThat(eval(f, row("level", "x"))).isFalse();
    assertThatThrownBy(() -> new Filter.TimeRange(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logicCombinesAndEmptyListsAreIdentities() {
    Map<String, Object> r = row("a", 1L, "b", 2L);
    assertThat(eval(Filter.and(Filter.eq("a", Value.of(1)), Filter.eq("b", Value.of(2))), r)).isTrue();
    assertThat(eval(Filter.and(Filter.eq("a", Value.of(1)), Filter.eq("b", Value.of(3))), r)).isFalse();
    assertThat(eval(Filter.or(Filter.eq("a", Value.of(9)), Filter.eq("b", Value.of(2))), r)).isTrue();
    assertThat(eval(new Filter.And(List.of()), r)).isTrue();
    assertThat(eval(new Filter.Or(List.of()), r)).isFalse();
    assertThat(eval(Filter.matchAll(), Map.of())).isTrue();
  }

  @Test
  void aliasesResolveToCanonicalNames() {
    assertThat(Fields.canonical("severity")).isEqualTo("level");
    assertThat(Fields.canonical("Body")).isEqualTo("message");
    assertThat(Fields.canonical("resource.service.name")).isEqualTo("service");
    assertThat(Fields.canonical("http.status_code")).isEqualTo("http.status_code");
    assertThat(eval(Filter.eq("level", Value.of("WARN")), row("severity", "WARN"))).isTrue();
  }

  @Test
  void tokenizerMatchesLuceneLetterOrDigitTokenizerWithLowercasing() {
    assertThat(TextTokenizer.tokens("Payment FAILED: card_declined (code=51)"))
        .containsExactly("payment", "failed", "card", "declined", "code", "51");
    assertThat(TextTokenizer.tokens("Ünïcödé ÉTÉ 東京")).containsExactly("ünïcödé", "été", "東京");
    List<String> cut = TextTokenizer.tokens("x".repeat(600));
    assertThat(cut).extracting(String::length).containsExactly(255, 255, 90);
    assertThat(TextTokenizer.tokens("  ... ")).isEmpty();
  }
}
