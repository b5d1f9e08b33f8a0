package dev.sightline.store.tsdb.internal;

import dev.sightline.store.metrics.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns label matchers into a postings list, as Prometheus does: a matcher that does not match the empty
 * string selects the union of the postings of the values it matches (one lookup for {@code =}); one that
 * does match "" (e.g. {@code foo=""}, {@code foo!="x"}, {@code foo!~"a.*"}) also selects series without
 * the label, so it is applied by subtracting the postings of the values it rejects. Positive lists are
 * intersected, smallest first; with none, evaluation starts from all series.
 */
final class MatcherEvaluator {
  private MatcherEvaluator() {}

  static int[] select(LabelIndex index, List<LabelMatcher> matchers) {
    List<int[]> positive = new ArrayList<>();
    List<int[]> negative = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      if (!m.matchesEmpty()) {
        positive.add(matching(index, m, true));
      } else {
        int[] rejected = matching(index, m, false);
        if (rejected.length > 0) {
          negative.add(rejected);
        }
      }
    }
    int[] result;
    if (positive.isEmpty()) {
      result = index.allPostings();
    } else {
      positive.sort((a, b) -> Integer.compare(a.length, b.length));
      result = positive.get(0);
      for (int i = 1; i < positive.size() && result.length > 0; i++) {
        result = Postings.intersect(result, positive.get(i));
      }
    }
    for (int[] n : negative) {
      result = Postings.subtract(result, n);
    }
    return result;
  }

  /** Postings of the values of {@code m.name()} for which {@code m.matches(value) == want}. */
  private static int[] matching(LabelIndex index, LabelMatcher m, boolean want) {
    if (m.type() == LabelMatcher.Type.EQUAL && want) {
      return index.postings(m.name(), m.value());
    }
    if (m.type() == LabelMatcher.Type.NOT_EQUAL && !want) {
      return index.postings(m.name(), m.value());
    }
    List<int[]> lists = new ArrayList<>();
    for (String v : index.values(m.name())) {
      if (m.matches(v) == want) {
        lists.add(index.postings(m.name(), v));
      }
    }
    return Postings.union(lists);
  }
}
