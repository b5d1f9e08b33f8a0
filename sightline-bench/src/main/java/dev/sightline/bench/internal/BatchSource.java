package dev.sightline.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Generates and encodes batches on one thread ahead of the senders, through a small bounded queue;
 * or, when pre-generating, all of them before the clock starts, so that encoding cost stays out of
 * the measured window (the load generator shares the CPU with the target).
 */
public final class BatchSource {
  private static final Batch END = new Batch(new byte[0], 0, List.of());

  private final BlockingQueue<Batch> queue;
  private volatile boolean ended;

  private BatchSource(BlockingQueue<Batch> queue) {
    this.queue = queue;
  }

  /**
   * @param encoder OTLP or Zipkin body for a list of spans
   * @param totalSpans stop after at least this many spans (whole traces)
   * @param batchSpans add whole traces to a batch until it holds at least this many spans
   */
  public static BatchSource start(TraceGenerator generator, Function<List<BenchSpan>, byte[]> encoder,
                                  long totalSpans, int batchSpans, boolean pregenerate, int depth) {
    if (pregenerate) {
      List<Batch> all = new ArrayList<>();
      produce(generator, encoder, totalSpans, batchSpans, all::add);
      BlockingQueue<Batch> q = new ArrayBlockingQueue<>(all.size() + 1);
      q.addAll(all);
      q.add(END);
      return new BatchSource(q);
    }
    BatchSource source = new BatchSource(new ArrayBlockingQueue<>(depth));
    Thread producer = new Thread(() -> {
      try {
        produce(generator, encoder, totalSpans, batchSpans, b -> put(source.queue, b));
      } finally {
        put(source.queue, END);
      }
    }, "batch-producer");
    producer.setDaemon(true);
    producer.start();
    return source;
  }

  /** The next batch, or null when all were handed out. */
  public Batch take() throws InterruptedException {
    if (ended) {
      return null;
    }
    Batch b = queue.take();
    if (b == END) {
      ended = true;
      queue.put(END);  // let the other senders see the end too
      return null;
    }
    return b;
  }

  private static void produce(TraceGenerator generator, Function<List<BenchSpan>, byte[]> encoder,
                              long totalSpans, int batchSpans, java.util.function.Consumer<Batch> sink) {
    long produced = 0;
    while (produced < totalSpans) {
      List<BenchSpan> spans = new ArrayList<>(batchSpans + 20);
      List<String> ids = new ArrayList<>();
      while (spans.size() < batchSpans && produced + spans.size() < totalSpans) {
        List<BenchSpan> trace = generator.next();
        ids.add(Hex.of(trace.get(0).traceId()));
        spans.addAll(trace);
      }
      produced += spans.size();
      sink.accept(new Batch(encoder.apply(spans), spans.size(), ids));
    }
  }

  private static void put(BlockingQueue<Batch> q, Batch b) {
    try {
      q.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
