package dev.sightline.store.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Binds the conformance suite to the reference evaluator itself (so the suite always runs and stays
 * green), and pins a few of its expectations by hand so that a change of semantics is a visible decision.
 */
class ReferenceFilterConformanceTest extends FilterConformanceSuite {

  @Override
  protected Searcher index(List<Map<String, Object>> rows) {
    return filter -> {
      FilterEvaluator eval = FilterEvaluator.of(filter);
      Set<Integer> out = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        if (eval.test(rows.get(i))) {
          out.add(i);
        }
      }
      return out;
    };
  }

  private static Set<Integer> select(Filter f) throws Exception {
    return new ReferenceFilterConformanceTest().index(fixtureRows()).search(f);
  }

  @Test
  void handPinnedExpectations() throws Exception {
    assertThat(select(new Filter.Compare("region", CompareOp.NE, Value.of("US-EAST")))).containsExactlyInAnyOrder(1, 3, 4, 5, 7);
    assertThat(select(Filter.not(Filter.eq("region", Value.of("US-EAST"))))).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    assertThat(select(Filter.eq("http.status_code", Value.of(500)))).containsExactly(0);
    assertThat(select(new Filter.Compare("score", CompareOp.NE, Value.of(1.5)))).containsExactlyInAnyOrder(1, 5); // NaN never
    assertThat(select(new Filter.MessageContains("timeout"))).containsExactly(2);
    assertThat(select(new Filter.MessageContains("time out"))).containsExactly(1);
    assertThat(select(new Filter.Like("path", "/api/100\\%"))).containsExactly(3);
    assertThat(select(new Filter.Matches("service", "c.*"))).containsExactlyInAnyOrder(0, 1, 2, 6);
    assertThat(select(new Filter.Compare("region", CompareOp.GT, Value.of("\uFFFD")))).containsExactly(5); // 😀 > U+FFFD
    assertThat(select(new Filter.Compare("big", CompareOp.GT, Value.of((double) 9_007_199_254_740_992L)))).containsExactly(2);
    assertThat(select(new Filter.TimeRange(1_000, 3_000))).containsExactlyInAnyOrder(0, 1);
    assertThat(select(Filter.eq("tags", Value.of("a")))).containsExactlyInAnyOrder(0, 1);
    // Tokens of compounds, in any case and across scripts (K is the Kelvin sign, İ dotted capital I).
    assertThat(select(new Filter.Contains("host", "kube"))).containsExactly(7);
    assertThat(select(new Filter.Contains("host", "IO node7"))).containsExactly(7);
    assertThat(select(new Filter.Contains("host", "node7 io"))).isEmpty();
    assertThat(select(new Filter.Contains("host", "ube"))).isEmpty();
    assertThat(select(new Filter.Contains("region", "ünï"))).containsExactly(7);
    assertThat(select(new Filter.Contains("region", "east"))).containsExactlyInAnyOrder(0, 1, 7);
    assertThat(select(new Filter.Contains("code", "ok"))).containsExactly(7);
    assertThat(select(new Filter.Contains("level", "error"))).containsExactlyInAnyOrder(0, 1);
    assertThat(select(new Filter.Contains("tags", "beta gamma"))).containsExactly(7);
  }
}
