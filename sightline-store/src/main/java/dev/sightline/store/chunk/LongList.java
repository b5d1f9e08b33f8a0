package dev.sightline.store.chunk;

import java.util.Arrays;

/** A growable list of primitive longs. */
final class LongList {
  private long[] values;
  private int size;

  LongList(int capacity) {
    values = new long[Math.max(4, capacity)];
  }

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  /** Adds {@code vs}. */
  void addAll(long[] vs) {
    if (size + vs.length > values.length) {
      values = Arrays.copyOf(values, Math.max(size * 2, size + vs.length));
    }
    System.arraycopy(vs, 0, values, size, vs.length);
    size += vs.length;
  }

  /** Adds {@code other}'s values. */
  void addAll(LongList other) {
    if (size + other.size > values.length) {
      values = Arrays.copyOf(values, Math.max(size * 2, size + other.size));
    }
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
  }

  int size() {
    return size;
  }

  long get(int i) {
    return values[i];
  }

  void set(int i, long v) {
    values[i] = v;
  }

  /** Keeps the first {@code n} values. */
  void truncate(int n) {
    size = n;
  }

  void clear() {
    size = 0;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
