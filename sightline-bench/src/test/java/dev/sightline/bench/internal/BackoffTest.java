package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsInTheUpperHalfOfADoublingStepUpToTheCap() {
    Backoff b = new Backoff(100, 400);
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {200, 400}};
    for (long[] expected : bounds) {
      assertThat(b.next(0)).isBetween(expected[0], expected[1]);
    }
  }

  @Test
  void neverWaitsLessThanRetryAfter() {
    Backoff b = new Backoff(100, 400);
    assertThat(b.next(3_000)).isEqualTo(3_000);
    assertThat(b.maxMs()).isEqualTo(400);
  }

  @Test
  void snippetBlanksControlCharactersAndCuts() {
    assertThat(Backoff.snippet("a\nb".getBytes(), 10)).isEqualTo("a b");
    assertThat(Backoff.snippet("abcdef".getBytes(), 3)).isEqualTo("abc...");
  }
}
