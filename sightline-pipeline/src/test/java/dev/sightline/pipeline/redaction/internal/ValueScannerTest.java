package dev.sightline.pipeline.redaction.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ValueScannerTest {
  /** Strings that pass each rule's pre-check, in the spellings the rules accept. */
  static final List<String> TRIGGERS = List.of(
      "4111 1111 1111 1111", "x3782-822463-10005y",
      "Authorization: Bearer abcdefghijklmnop", "BEARER x", "bEaReR", "bearer",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.x", "eyJ",
      "key AKIAIOSFODNN7EXAMPLE", "ASIAxxxxxxxxxxxxxxxxxx", "ABIAxxxxxxxxxxxxxxxxxx", "ACCAxxxxxxxxxxxxxxxxxx",
      "AIzaSyA-1234567890abcdefghijklmnopqrstu", "AIza",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gh", "github_pat_11ABCDEFG",
      "https://user:secret@example.com/x", "a://@");

  @Test
  void theScreenNeverRulesOutAStringThatAPrecheckAccepts() {
    List<String> samples = new ArrayList<>(TRIGGERS);
    // Random text over the characters the screen looks at, in every order and case.
    String alphabet = "bBeEyJAKSBCIzagh:/@_-. 0123456789xR";
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      int length = random.nextInt(45);
      StringBuilder sb = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      samples.add(sb.toString());
    }
    int accepted = 0;
    for (String rule : ValueScanner.BUILT_IN) {
      Predicate<String> precheck = ValueScanner.precheck(rule);
      int bit = ValueScanner.screenBit(rule);
      for (String s : samples) {
        if (precheck.test(s)) {
          accepted++;
          assertThat(ValueScanner.screen(s) & bit).as("rule %s, string \"%s\"", rule, s).isNotZero();
        }
      }
    }
    assertThat(accepted).as("the samples exercise the pre-checks").isGreaterThan(10_000);
    for (String s : TRIGGERS) {
      assertThat(ValueScanner.BUILT_IN.stream().anyMatch(r -> ValueScanner.precheck(r).test(s)))
          .as("\"%s\" passes some pre-check", s).isTrue();
    }
  }

  @Test
  void theScreenRulesOutPlainText() {
    assertThat(ValueScanner.screen("GET /api/orders/{id} 200 OK")).isEqualTo(ValueScanner.ALWAYS);
    assertThat(ValueScanner.screen("")).isEqualTo(ValueScanner.ALWAYS);
    assertThat(ValueScanner.screen("1234567890")).isEqualTo(ValueScanner.ALWAYS);   // 10 digits: no card
  }

  @Test
  void laterRulesSeeTheTextEarlierRulesLeft() {
    ValueScanner scanner = new ValueScanner(ValueScanner.BUILT_IN,
        List.<String[]>of(new String[] {"order", "REDACTED:card"}));
    List<String> hits = new ArrayList<>();
    String out = scanner.scan("paid 4111 1111 1111 1111 via https://u:p@x.io", hits::add);
    // built-in rules first, in their order, then custom ones: the card's mask is text the custom rule finds
    assertThat(out).isEqualTo("paid [[REDACTED:order]] via https://[REDACTED:url_credentials]@x.io");
    assertThat(hits).containsExactly("card", "url_credentials", "order");
  }
}
