package dev.sightline.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue between receivers and storage, with group commit.
 *
 * <p>A receiver {@link #submit submits} a batch and gets a future; a writer thread drains the batches
 * waiting (its share of them when there are several writers, at most {@code maxDrainItems} items), hands
 * them to the {@link BatchSink} in one call (one write-ahead-log sync for many requests), then completes
 * the futures. With several writers (for a sink that is thread-safe) encoding and indexing run in
 * parallel; batches then reach the sink in no guaranteed order. A receiver acknowledges its
 * client only when its future completes normally, so an acknowledged item is always durable.
 *
 * <p>The bound is on items, not batches, so one huge request cannot hide behind a small batch count.
 * A batch that does not fit is refused at once with {@link QueueFullException}: never blocked, never
 * silently dropped. Every acceptance, refusal and failure is counted.
 */
public final class IngestQueue<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestQueue.class);

  private final String name;
  private final BatchSink<T> sink;
  private final int capacityItems;
  private final int maxDrainItems;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Pending<T>> pending = new ArrayDeque<>();
  private final List<Thread> writers = new ArrayList<>();
  private int queuedItems;
  /** Items of the batches in {@link #pending}: queued and not yet taken by a writer. */
  private int pendingItems;
  private boolean closed;

  private final LongAdder acceptedItems = new LongAdder();
  private final LongAdder refusedItems = new LongAdder();
  private final LongAdder failedItems = new LongAdder();
  private final LongAdder sinkCalls = new LongAdder();

  private record Pending<T>(List<T> items, CompletableFuture<Void> done) {}

  private IngestQueue(Builder<T> b) {
    this.name = b.name;
    this.sink = Objects.requireNonNull(b.sink, "sink");
    this.capacityItems = b.capacityItems;
    this.maxDrainItems = b.maxDrainItems;
    for (int i = 0; i < b.writers; i++) {
      writers.add(Thread.ofPlatform().name("sightline-ingest-" + name + "-" + i).daemon(true).unstarted(this::run));
    }
  }

  public static <T> Builder<T> builder(String name, BatchSink<T> sink) {
    return new Builder<T>(name).sink(sink);
  }

  /** Starts the writer threads. */
  public IngestQueue<T> start() {
    writers.forEach(Thread::start);
    return this;
  }

  /**
   * Queues a batch. The future completes when the sink has made the batch durable, or exceptionally
   * with the sink's {@link IOException}.
   */
  public CompletableFuture<Void> submit(List<T> items) throws QueueFullException {
    if (items.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        refusedItems.add(items.size());
        throw new QueueFullException(name + " ingest is shutting down", true);
      }
      if (queuedItems + items.size() > capacityItems && queuedItems > 0) {
        refusedItems.add(items.size());
        throw new QueueFullException(name + " ingest queue is full (" + queuedItems + " of "
            + capacityItems + " items waiting for storage); retry later", false);
      }
      pending.add(new Pending<>(List.copyOf(items), done));
      queuedItems += items.size();
      pendingItems += items.size();
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return done;
  }

  private void run() {
    while (true) {
      List<Pending<T>> drained = new ArrayList<>();
      lock.lock();
      try {
        while (pending.isEmpty() && !closed) {
          notEmpty.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return; // closed and drained
        }
        // This writer's share of what waits, so that the other writers get the rest: one writer taking
        // everything left the second core idle while it alone encoded three requests (BENCHMARKS.md
        // section 1, eighth session). The WAL's group commit still lets their fsyncs be shared.
        int share = Math.min(maxDrainItems, Math.max(1, (pendingItems + writers.size() - 1) / writers.size()));
        int items = 0;
        while (!pending.isEmpty() && (drained.isEmpty() || items + pending.peek().items.size() <= share)) {
          Pending<T> p = pending.poll();
          items += p.items.size();
          drained.add(p);
        }
        pendingItems -= items;
        if (!pending.isEmpty()) {
          notEmpty.signal(); // what is left is another writer's
        }
      } finally {
        lock.unlock();
      }
      deliver(drained);
    }
  }

  private void deliver(List<Pending<T>> drained) {
    List<T> merged;
    if (drained.size() == 1) {
      merged = drained.get(0).items;
    } else {
      merged = new ArrayList<>();
      for (Pending<T> p : drained) {
        merged.addAll(p.items);
      }
    }
    Throwable failure = null;
    try {
      sinkCalls.increment();
      sink.accept(merged);
      acceptedItems.add(merged.size());
    } catch (IOException | RuntimeException e) {
      failure = e;
      failedItems.add(merged.size());
      log.error("{} storage write of {} items failed; clients get a retryable error", name, merged.size(), e);
    } catch (Error e) {
      // A class the sink cannot load, a stack overflow on a hostile batch: this writer must live on and
      // answer its callers, or they would wait until their own timeouts for a thread that is gone, while
      // the queue kept taking batches that nothing would ever store.
      failure = e;
      failedItems.add(merged.size());
      log.error("{} storage write of {} items failed with an error; clients get a retryable error", name,
          merged.size(), e);
    }
    lock.lock();
    try {
      queuedItems -= merged.size();
    } finally {
      lock.unlock();
    }
    for (Pending<T> p : drained) {
      if (failure == null) {
        p.done.complete(null);
      } else {
        p.done.completeExceptionally(failure);
      }
    }
  }

  /** Stops accepting, delivers everything already queued, and waits up to {@code timeout} for it. */
  public void close(Duration timeout) {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread writer : writers) {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        if (writer.isAlive() && !writer.join(left)) {
          log.warn("{} ingest queue did not drain within {}; {} items not stored", name, timeout, depth());
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public String name() {
    return name;
  }

  /** Items waiting for storage. */
  public int depth() {
    lock.lock();
    try {
      return queuedItems;
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return capacityItems;
  }

  /** Items made durable. */
  public long acceptedItems() {
    return acceptedItems.sum();
  }

  /** Items refused because the queue was full or closing. */
  public long refusedItems() {
    return refusedItems.sum();
  }

  /** Items whose storage write failed (their clients got an error and may retry). */
  public long failedItems() {
    return failedItems.sum();
  }

  /** Number of sink calls: accepted batches divided by this is the group-commit factor. */
  public long sinkCalls() {
    return sinkCalls.sum();
  }

  /** Configures an {@link IngestQueue}. */
  public static final class Builder<T> {
    private final String name;
    private BatchSink<T> sink;
    private int capacityItems = 100_000;
    private int maxDrainItems = 10_000;
    private int writers = 1;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name);
    }

    public Builder<T> sink(BatchSink<T> sink) {
      this.sink = sink;
      return this;
    }

    /** Items that may wait for storage before submissions are refused. */
    public Builder<T> capacityItems(int capacityItems) {
      if (capacityItems <= 0) {
        throw new IllegalArgumentException("capacityItems must be positive");
      }
      this.capacityItems = capacityItems;
      return this;
    }

    /** Upper bound on one sink call (several batches merged), for bounded WAL records. */
    public Builder<T> maxDrainItems(int maxDrainItems) {
      if (maxDrainItems <= 0) {
        throw new IllegalArgumentException("maxDrainItems must be positive");
      }
      this.maxDrainItems = maxDrainItems;
      return this;
    }

    /** Threads calling the sink concurrently; more than one only for a thread-safe sink. */
    public Builder<T> writers(int writers) {
      if (writers <= 0) {
        throw new IllegalArgumentException("writers must be positive");
      }
      this.writers = writers;
      return this;
    }

    public IngestQueue<T> build() {
      return new IngestQueue<>(this);
    }
  }
}
