package dev.sightline.query.promql.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorSeekTest {
  @Test
  void seekFromAnyHintEqualsBinarySearch() {
    Random r = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      int n = r.nextInt(40);
      long[] a = new long[n];
      long t = r.nextInt(10);
      for (int i = 0; i < n; i++) {
        t += 1 + r.nextInt(r.nextBoolean() ? 3 : 50);
        a[i] = t;
      }
      long key = r.nextLong(t + 20) - 10;
      int hint = r.nextInt(n + 3);
      assertThat(Evaluator.seek(a, hint, key)).as("round %d", round).isEqualTo(Evaluator.upperBound(a, key));
    }
  }

  @Test
  void forwardStepsReuseTheCursor() {
    long[] a = {10, 20, 30, 40, 50};
    int i = 0;
    for (long key = 0; key <= 60; key += 5) {
      i = Evaluator.seek(a, i, key);
      assertThat(i).isEqualTo(Evaluator.upperBound(a, key));
    }
    assertThat(Evaluator.seek(a, 5, 15)).isEqualTo(1);
  }
}
