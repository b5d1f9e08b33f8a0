package dev.sightline.store.chunk;

import java.util.Arrays;
import java.util.List;

/**
 * An append-only list with one writer (holding the owner's lock) and lock-free readers: the writer stores
 * the element, then the count that makes it visible; a reader reads the count, then the array, which is
 * at least that long.
 */
final class Published<T> {
  private volatile Object[] items = new Object[8];
  private volatile int size;

  void add(T item) {
    Object[] a = items;
    int n = size;
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
      items = a;
    }
    a[n] = item;
    size = n + 1;
  }

  int size() {
    return size;
  }

  /** The first {@code n} elements ({@code n} at most a {@link #size} read earlier). */
  @SuppressWarnings("unchecked")
  List<T> first(int n) {
    return (List<T>) Arrays.asList(items).subList(0, n);
  }

  @SuppressWarnings("unchecked")
  T get(int i) {
    return (T) items[i];
  }
}
