package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The postings evaluation must select exactly what matching every series' labels one by one selects. */
class MatcherEvaluatorTest {
  private static final String[] NAMES = {"__name__", "job", "env", "code"};
  private static final String[][] VALUES = {{"up", "reqs", "lat"}, {"api", "web", "db"}, {"prod", "dev"},
      {"200", "404", "500"}};
  private static final String[] REGEXES = {".*", ".+", "a.*", "api|web", "", "x", "[0-9]+", "5..", "p.*d"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void agreesWithBruteForceOnRandomData(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    HeadIndex index = new HeadIndex();
    List<Labels> all = new ArrayList<>();
    for (int id = 0; id < 300; id++) {
      Labels.Builder b = Labels.builder();
      for (int n = 0; n < NAMES.length; n++) {
        if (n == 0 || r.nextInt(3) > 0) { // some labels absent, so empty-matching matters
          b.set(NAMES[n], VALUES[n][r.nextInt(VALUES[n].length)]);
        }
      }
      Labels l = b.build();
      all.add(l);
      index.add(id, l);
    }
    for (int q = 0; q < 300; q++) {
      List<LabelMatcher> matchers = new ArrayList<>();
      int count = 1 + r.nextInt(3);
      for (int i = 0; i < count; i++) {
        int n = r.nextInt(NAMES.length + 1);
        String name = n == NAMES.length ? "absent" : NAMES[n];
        LabelMatcher.Type type = LabelMatcher.Type.values()[r.nextInt(4)];
        String value = switch (type) {
          case EQUAL, NOT_EQUAL -> r.nextInt(4) == 0 ? "" : n < NAMES.length
              ? VALUES[n][r.nextInt(VALUES[n].length)] : "v";
          default -> REGEXES[r.nextInt(REGEXES.length)];
        };
        matchers.add(LabelMatcher.of(type, name, value));
      }
      List<Integer> expected = new ArrayList<>();
      for (int id = 0; id < all.size(); id++) {
        Labels l = all.get(id);
        if (matchers.stream().allMatch(m -> m.matches(l))) {
          expected.add(id);
        }
      }
      int[] got = MatcherEvaluator.select(index, matchers);
      assertThat(got).as("%s", matchers).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  @Test
  void removedSeriesLeaveThePostings() {
    HeadIndex index = new HeadIndex();
    Labels a = Labels.of("__name__", "up", "job", "a");
    Labels b = Labels.of("__name__", "up", "job", "b");
    index.add(1, a);
    index.add(2, b);
    index.removeAll(java.util.Set.of(1), List.of(a));
    assertThat(MatcherEvaluator.select(index, List.of(LabelMatcher.equal("__name__", "up")))).containsExactly(2);
    assertThat(index.values("job")).containsExactly("b");
    assertThat(index.allPostings()).containsExactly(2);
  }

  @Test
  void postingsSetOperations() {
    assertThat(Postings.intersect(new int[] {1, 3, 5, 7}, new int[] {3, 4, 5})).containsExactly(3, 5);
    assertThat(Postings.subtract(new int[] {1, 3, 5, 7}, new int[] {3, 4, 5})).containsExactly(1, 7);
    assertThat(Postings.union(List.of(new int[] {1, 5}, new int[] {2, 5, 9}, new int[] {}))).containsExactly(1, 2, 5, 9);
    assertThat(Postings.union(List.of())).isEmpty();
  }
}
