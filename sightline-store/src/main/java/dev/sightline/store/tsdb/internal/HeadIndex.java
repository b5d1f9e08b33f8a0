package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's postings: label name → value → ids of series. Ids are handed out in increasing order, so
 * adding appends and every list stays sorted; lists are copied out under the read lock.
 */
final class HeadIndex implements LabelIndex {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Map<String, IntList>> postings = new HashMap<>();
  private final IntList all = new IntList();

  /** A growable int array; appends keep it sorted because ids only grow. */
  private static final class IntList {
    int[] a = new int[4];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int[] copy() {
      return Arrays.copyOf(a, n);
    }

    void removeAll(Set<Integer> ids) {
      int w = 0;
      for (int i = 0; i < n; i++) {
        if (!ids.contains(a[i])) {
          a[w++] = a[i];
        }
      }
      n = w;
    }
  }

  void add(int id, Labels labels) {
    lock.writeLock().lock();
    try {
      all.add(id);
      labels.forEach((name, value) ->
          postings.computeIfAbsent(name, k -> new HashMap<>()).computeIfAbsent(value, k -> new IntList()).add(id));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes series that were garbage collected from the head, with their labels. */
  void removeAll(Set<Integer> ids, Collection<Labels> labels) {
    lock.writeLock().lock();
    try {
      all.removeAll(ids);
      for (Labels l : labels) {
        l.forEach((name, value) -> {
          Map<String, IntList> values = postings.get(name);
          IntList list = values == null ? null : values.get(value);
          if (list != null) {
            list.removeAll(ids);
            if (list.n == 0) {
              values.remove(value);
              if (values.isEmpty()) {
                postings.remove(name);
              }
            }
          }
        });
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Collection<String> values(String name) {
    lock.readLock().lock();
    try {
      Map<String, IntList> values = postings.get(name);
      return values == null ? List.of() : new ArrayList<>(values.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int[] postings(String name, String value) {
    lock.readLock().lock();
    try {
      Map<String, IntList> values = postings.get(name);
      IntList list = values == null ? null : values.get(value);
      return list == null ? Postings.EMPTY : list.copy();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int[] allPostings() {
    lock.readLock().lock();
    try {
      return all.copy();
    } finally {
      lock.readLock().unlock();
    }
  }
}
