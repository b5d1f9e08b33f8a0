package dev.sightline.store.chunk;

import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.FilterEvaluator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@link dev.sightline.store.EventSearch} over one {@link ChunkDataset}: the chunks of the days and
 * services a filter can match, skipped by time range and Bloom filter, read and checked record by record
 * with the reference {@link FilterEvaluator}, so answers are the reference answers by construction.
 *
 * <p>Sorted search runs in pages by (timestamp, sequence). Each page takes a fresh view of the streams,
 * reads the chunks in order of their newest (or oldest) timestamp, and stops once a full page cannot be
 * improved by the chunks left. The cursor is the (timestamp, sequence) of the last row returned, so new
 * data or sealing between pages cannot repeat or skip a row.
 */
final class ChunkSearch<T> {
  private static final int MIN_PAGE = 64;
  private static final int MAX_PAGE = 4096;

  private final ChunkDataset<T> dataset;

  ChunkSearch(ChunkDataset<T> dataset) {
    this.dataset = dataset;
  }

  /** One place a search reads: a sealed chunk or a head's records. */
  private record Part(String service, StreamFile.Chunk chunk, Records head, long minTs, long maxTs) {}

  /** The parts that may hold a match in {@code [start, end)}, Bloom-checked against {@code required}. */
  private List<Part> parts(long start, long end, Set<String> services, List<long[]> required) {
    List<Part> out = new ArrayList<>();
    for (ChunkDataset.StreamView v : dataset.streams(start, end, services)) {
      List<StreamFile.Chunk> chunks = v.chunks();
      int next = 0; // the first chunk not yet considered
      for (StreamFile.Group g : v.groups()) {
        addChunks(v.service(), chunks, next, g.first(), start, end, required, out);
        next = g.first() + g.count();
        if (g.maxTs() >= start && g.minTs() < end
            && (required.isEmpty() || Bloom.mayContainAll(g.bloom(), Bloom.GROUP_PROBES, required))) {
          addChunks(v.service(), chunks, g.first(), next, start, end, required, out);
        }
      }
      addChunks(v.service(), chunks, next, chunks.size(), start, end, required, out);
      if (v.head() != null) {
        Records r = v.head().records();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < r.count; i++) {
          min = Math.min(min, r.ts[i]);
          max = Math.max(max, r.ts[i]);
        }
        if (max >= start && min < end) {
          out.add(new Part(v.service(), null, r, min, max));
        }
      }
    }
    return out;
  }

  /** The chunks {@code [from, to)} that may hold a match. */
  private static void addChunks(String service, List<StreamFile.Chunk> chunks, int from, int to, long start, long end,
                                List<long[]> required, List<Part> out) {
    for (int i = from; i < to; i++) {
      StreamFile.Chunk c = chunks.get(i);
      if (c.maxTs() >= start && c.minTs() < end && Bloom.mayContainAll(c.bloom(), required)) {
        out.add(new Part(service, c, null, c.minTs(), c.maxTs()));
      }
    }
  }

  private Records records(Part p) {
    return p.head() != null ? p.head() : dataset.read(p.chunk());
  }

  private static void checkRange(long start, long end) {
    if (end < start) {
      throw new IllegalArgumentException("the time range ends (" + end + ") before it starts (" + start + ")");
    }
  }

  Iterator<Map<String, Object>> search(Filter filter, long start, long end, boolean newestFirst, int limitHint) {
    checkRange(start, end);
    int firstPage = limitHint <= 0 ? MAX_PAGE / 4 : Math.min(MAX_PAGE, Math.max(MIN_PAGE, limitHint));
    return new Rows(filter, start, end, newestFirst, firstPage);
  }

  /**
   * Every match, chunk by chunk in no particular order, until {@code sink} returns false. With a scan
   * pool, its threads read, decode and filter the chunks while the caller feeds the matches to
   * {@code sink}, one chunk's matches at a time; {@code sink} is only ever called on the caller's thread.
   */
  void scan(Filter filter, long start, long end, Predicate<Map<String, Object>> sink) {
    checkRange(start, end);
    FilterEvaluator evaluator = FilterEvaluator.of(filter);
    List<long[]> required = LookupValues.required(filter);
    List<Part> parts = parts(start, end, LookupValues.services(filter), required);
    ExecutorService pool = dataset.scanPool();
    if (pool == null || parts.size() < 2) {
      for (Part p : parts) {
        for (Map<String, Object> row : matches(p, evaluator, start, end, required)) {
          if (!sink.test(row)) {
            return;
          }
        }
      }
      return;
    }
    new ParallelScan(parts, evaluator, start, end, required).run(pool, sink);
  }

  /** The rows of one part that match. */
  private List<Map<String, Object>> matches(Part p, FilterEvaluator evaluator, long start, long end,
                                            List<long[]> required) {
    Records r = records(p);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < r.count; i++) {
      if (r.ts[i] < start || r.ts[i] >= end || !r.holdsAll(i, required)) {
        continue;
      }
      Map<String, Object> row = dataset.type.toRow(r.event(dataset.type, i));
      if (evaluator.test(row)) {
        out.add(row);
      }
    }
    return out;
  }

  /**
   * One scan spread over the pool: each worker takes the next part, filters it and hands its matches
   * over a bounded queue (so memory stays at a few chunks' matches), then ends with a marker. A failure
   * in a worker, or a sink that has had enough, stops every worker after its current part.
   */
  private final class ParallelScan {
    private static final Object DONE = new Object();
    private final List<Part> parts;
    private final FilterEvaluator evaluator;
    private final long start;
    private final long end;
    private final List<long[]> required;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final BlockingQueue<Object> results;
    private final int workers;

    ParallelScan(List<Part> parts, FilterEvaluator evaluator, long start, long end, List<long[]> required) {
      this.parts = parts;
      this.evaluator = evaluator;
      this.start = start;
      this.end = end;
      this.required = required;
      this.workers = Math.min(parts.size(), Runtime.getRuntime().availableProcessors());
      this.results = new ArrayBlockingQueue<>(workers * 4);
    }

    @SuppressWarnings("unchecked")
    void run(ExecutorService pool, Predicate<Map<String, Object>> sink) {
      for (int w = 0; w < workers; w++) {
        pool.execute(this::work);
      }
      int done = 0;
      RuntimeException failure = null;
      try {
        while (done < workers) {
          Object o = results.take();
          if (o == DONE) {
            done++;
          } else if (o instanceof RuntimeException e) {
            failure = failure == null ? e : failure;
            stop.set(true);
          } else if (!stop.get()) {
            for (Map<String, Object> row : (List<Map<String, Object>>) o) {
              if (!sink.test(row)) {
                stop.set(true); // keep draining: workers blocked on a full queue must finish
                break;
              }
            }
          }
        }
      } catch (InterruptedException e) {
        stop.set(true);
        results.clear(); // room for what the workers still put: a part's matches, a failure, DONE each
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scanning " + dataset.type.dataset(), e);
      } catch (RuntimeException e) { // from the sink: stop the workers, then let the caller see it
        stop.set(true);
        results.clear(); // as above
        throw e;
      }
      if (failure != null) {
        throw failure;
      }
    }

    private void work() {
      try {
        for (int i = next.getAndIncrement(); i < parts.size() && !stop.get(); i = next.getAndIncrement()) {
          List<Map<String, Object>> rows = matches(parts.get(i), evaluator, start, end, required);
          if (!rows.isEmpty()) {
            results.put(rows);
          }
        }
      } catch (RuntimeException e) {
        stop.set(true);
        putQuietly(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        putQuietly(DONE);
      }
    }

    private void putQuietly(Object o) {
      try {
        results.put(o);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The events in {@code [start, end)} that hold a lookup value, checked by {@code accept}. */
  List<T> lookup(String value, long start, long end, Predicate<T> accept) {
    List<long[]> required = LookupValues.isLookup(value) ? List.of(new long[] {LookupValues.hash(value)}) : List.of();
    List<T> out = new ArrayList<>();
    for (Part p : parts(start, end, null, required)) {
      if (p.head() != null) {
        Records r = p.head();
        for (int i = 0; i < r.count; i++) {
          if (r.holdsAll(i, required)) {
            T event = r.event(dataset.type, i);
            if (accept.test(event)) {
              out.add(event);
            }
          }
        }
        continue;
      }
      dataset.forEachHolding(p.chunk(), required, (bytes, offset, length) -> {
        T event = dataset.type.decode(bytes, offset, length);
        if (accept.test(event)) {
          out.add(event);
        }
      });
    }
    return out;
  }

  /** A row with its sort key. */
  private record Hit(long ts, long seq, Map<String, Object> row) {}

  /** Sorted rows, a page at a time. */
  private final class Rows implements Iterator<Map<String, Object>> {
    private final FilterEvaluator evaluator;
    private final List<long[]> required;
    private final Set<String> services;
    private final long start;
    private final long end;
    private final boolean newestFirst;
    private final Comparator<Hit> order; // the order rows are returned in
    private final ArrayDeque<Map<String, Object>> buffer = new ArrayDeque<>();
    private int pageSize;
    private boolean done;
    private boolean hasCursor;
    private long cursorTs;
    private long cursorSeq;

    Rows(Filter filter, long start, long end, boolean newestFirst, int pageSize) {
      this.evaluator = FilterEvaluator.of(filter);
      this.required = LookupValues.required(filter);
      this.services = LookupValues.services(filter);
      this.start = start;
      this.end = end;
      this.newestFirst = newestFirst;
      this.pageSize = pageSize;
      Comparator<Hit> ascending = Comparator.comparingLong(Hit::ts).thenComparingLong(Hit::seq);
      this.order = newestFirst ? ascending.reversed() : ascending;
    }

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty() && !done) {
        readPage();
      }
      return !buffer.isEmpty();
    }

    @Override
    public Map<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }

    /** True when (ts, seq) comes after the cursor in the order rows are returned. */
    private boolean afterCursor(long ts, long seq) {
      if (!hasCursor) {
        return true;
      }
      int c = ts != cursorTs ? Long.compare(ts, cursorTs) : Long.compare(seq, cursorSeq);
      return newestFirst ? c < 0 : c > 0;
    }

    private void readPage() {
      List<Part> parts = parts(start, end, services, required);
      // Parts holding the next rows first: a full page can stop at the first part that cannot improve it.
      parts.sort(newestFirst ? Comparator.comparingLong(Part::maxTs).reversed()
          : Comparator.comparingLong(Part::minTs));
      PriorityQueue<Hit> page = new PriorityQueue<>(order.reversed()); // the worst kept row on top
      for (Part p : parts) {
        if (hasCursor && (newestFirst ? p.minTs() > cursorTs : p.maxTs() < cursorTs)) {
          continue; // every row of this part was returned already
        }
        if (page.size() == pageSize) {
          Hit worst = page.peek();
          if (newestFirst ? p.maxTs() < worst.ts() : p.minTs() > worst.ts()) {
            break;
          }
        }
        Records r = records(p);
        for (int i = 0; i < r.count; i++) {
          long ts = r.ts[i];
          if (ts < start || ts >= end || !afterCursor(ts, r.seq[i])) {
            continue;
          }
          if (page.size() == pageSize) {
            Hit worst = page.peek();
            int c = ts != worst.ts() ? Long.compare(ts, worst.ts()) : Long.compare(r.seq[i], worst.seq());
            if (newestFirst ? c <= 0 : c >= 0) {
              continue;
            }
          }
          if (!r.holdsAll(i, required)) {
            continue;
          }
          Map<String, Object> row = dataset.type.toRow(r.event(dataset.type, i));
          if (!evaluator.test(row)) {
            continue;
          }
          page.add(new Hit(ts, r.seq[i], row));
          if (page.size() > pageSize) {
            page.poll();
          }
        }
      }
      List<Hit> hits = new ArrayList<>(page);
      hits.sort(order);
      for (Hit h : hits) {
        buffer.add(h.row());
      }
      if (!hits.isEmpty()) {
        Hit last = hits.get(hits.size() - 1);
        hasCursor = true;
        cursorTs = last.ts();
        cursorSeq = last.seq();
      }
      if (hits.size() < pageSize) {
        done = true;
      }
      pageSize = Math.min(MAX_PAGE, pageSize * 2);
    }
  }
}
