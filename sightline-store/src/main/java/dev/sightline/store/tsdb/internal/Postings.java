package dev.sightline.store.tsdb.internal;

import java.util.Arrays;
import java.util.List;

/** Set operations on postings lists: ascending arrays of distinct series ids. */
final class Postings {
  static final int[] EMPTY = new int[0];

  private Postings() {}

  static int[] intersect(int[] a, int[] b) {
    int[] out = new int[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        out[n++] = a[i];
        i++;
        j++;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  static int[] subtract(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    int[] out = new int[a.length];
    int j = 0;
    int n = 0;
    for (int x : a) {
      while (j < b.length && b[j] < x) {
        j++;
      }
      if (j >= b.length || b[j] != x) {
        out[n++] = x;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Union of many lists; a sort of the concatenation beats pairwise merges for the small counts here. */
  static int[] union(List<int[]> lists) {
    if (lists.isEmpty()) {
      return EMPTY;
    }
    if (lists.size() == 1) {
      return lists.get(0);
    }
    int total = 0;
    for (int[] l : lists) {
      total += l.length;
    }
    int[] all = new int[total];
    int pos = 0;
    for (int[] l : lists) {
      System.arraycopy(l, 0, all, pos, l.length);
      pos += l.length;
    }
    Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || all[n - 1] != all[i]) {
        all[n++] = all[i];
      }
    }
    return Arrays.copyOf(all, n);
  }
}
