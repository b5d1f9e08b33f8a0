package dev.sightline.store.tsdb.internal;

import java.util.Collection;

/** An inverted index over series ids, as the head and every block expose it to matcher evaluation. */
interface LabelIndex {
  /** Distinct values of a label, empty when no series has it. */
  Collection<String> values(String name);

  /** Ids of the series with {@code name=value}, ascending. */
  int[] postings(String name, String value);

  /** Every series id, ascending. */
  int[] allPostings();
}
