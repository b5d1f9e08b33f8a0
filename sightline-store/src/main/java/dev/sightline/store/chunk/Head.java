package dev.sightline.store.chunk;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The open chunk of one stream (a service's events of one day): records are appended here after the
 * WAL holds them, searched from here until the chunk is sealed into its stream's file. Thread-safe;
 * sealing and searching copy what they need under the head's lock.
 */
final class Head {
  final LocalDate day;
  final String service;
  private int count;
  private long[] ts = new long[16];
  private long[] seq = new long[16];
  private int[] hashFrom = new int[17];
  private int[] hashes = new int[64];
  private byte[][] sources = new byte[16][];
  private int[] offset = new int[16];
  private int[] length = new int[16];
  private Object[] events = new Object[16];
  private final LongList chunkHashes = new LongList(64);
  private final TreeSet<String> operations = new TreeSet<>();
  private long rawBytes;

  Head(LocalDate day, String service) {
    this.day = day;
    this.service = service;
  }

  /** Appends one record; its lookup values' hashes are {@code hashList[from, to)}. */
  synchronized void add(Object event, byte[] source, int off, int len, long timestamp, long sequence,
                        LongList hashList, int from, int to, String operation) {
    if (count == ts.length) {
      int n = count * 2;
      ts = Arrays.copyOf(ts, n);
      seq = Arrays.copyOf(seq, n);
      hashFrom = Arrays.copyOf(hashFrom, n + 1);
      sources = Arrays.copyOf(sources, n);
      offset = Arrays.copyOf(offset, n);
      length = Arrays.copyOf(length, n);
      events = Arrays.copyOf(events, n);
    }
    int n = to - from;
    int h = hashFrom[count];
    if (h + n > hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.max(h + n, hashes.length * 2));
    }
    for (int i = from; i < to; i++) {
      long v = hashList.get(i);
      hashes[h++] = (int) v;
      chunkHashes.add(v);
    }
    ts[count] = timestamp;
    seq[count] = sequence;
    sources[count] = source;
    offset[count] = off;
    length[count] = len;
    events[count] = event;
    count++;
    hashFrom[count] = h;
    rawBytes += len + 16 + 4L * n;
    if (operation != null) {
      operations.add(operation);
    }
  }

  synchronized int count() {
    return count;
  }

  synchronized long rawBytes() {
    return rawBytes;
  }

  /** The smallest WAL sequence among the open records, or {@code Long.MAX_VALUE} when there are none. */
  synchronized long firstWalSequence() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, seq[i] >>> 24);
    }
    return min;
  }

  /** The open records as they are now, for a search; null when there are none. */
  synchronized Snapshot snapshot() {
    if (count == 0) {
      return null;
    }
    return new Snapshot(service, records(), List.copyOf(operations));
  }

  /** Takes the open records out of the head, leaving it empty; null when there are none. */
  synchronized Sealing takeAll() {
    if (count == 0) {
      return null;
    }
    Sealing s = new Sealing(day, service, records(), chunkHashes.toArray(), List.copyOf(operations));
    count = 0;
    rawBytes = 0;
    chunkHashes.clear();
    operations.clear();
    Arrays.fill(sources, null);
    Arrays.fill(events, null);
    return s;
  }

  /** Copies the open records into one contiguous body. */
  private Records records() {
    long[] t = Arrays.copyOf(ts, count);
    long[] q = Arrays.copyOf(seq, count);
    int[] from = Arrays.copyOf(hashFrom, count + 1);
    int[] hs = Arrays.copyOf(hashes, hashFrom[count]);
    int total = 0;
    for (int i = 0; i < count; i++) {
      total += length[i];
    }
    byte[] raw = new byte[total];
    int[] off = new int[count];
    int[] len = Arrays.copyOf(length, count);
    int at = 0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(sources[i], offset[i], raw, at, length[i]);
      off[i] = at;
      at += length[i];
    }
    return new Records(count, t, q, from, hs, raw, off, len, Arrays.copyOf(events, count));
  }

  /** A head's records at one moment. */
  record Snapshot(String service, Records records, List<String> operations) {}

  /** Records leaving a head to become a sealed chunk. */
  record Sealing(LocalDate day, String service, Records records, long[] chunkHashes, List<String> operations) {}
}
