package dev.sightline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestQueueTest {

  /** A sink that blocks on its first call until released, so tests can fill the queue deterministically. */
  static final class GatedSink implements BatchSink<Integer> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(List<Integer> items) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add(List.copyOf(items));
    }
  }

  @Test
  void completesFutureOnlyAfterSinkStoredTheBatch() throws Exception {
    GatedSink sink = new GatedSink();
    try (IngestQueue<Integer> q = IngestQueue.builder("t", sink).capacityItems(10).build().start()) {
      CompletableFuture<Void> f = q.submit(List.of(1, 2));
      assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(f).isNotDone();
      sink.release.countDown();
      f.get(5, TimeUnit.SECONDS);
      assertThat(sink.calls).containsExactly(List.of(1, 2));
      assertThat(q.acceptedItems()).isEqualTo(2);
    }
  }

  @Test
  void anErrorInTheSinkFailsThatBatchAndTheWriterGoesOn() throws Exception {
    List<List<Integer>> stored = Collections.synchronizedList(new ArrayList<>());
    BatchSink<Integer> sink = items -> {
      if (items.contains(13)) {
        throw new NoClassDefFoundError("com/example/Missing");
      }
      stored.add(List.copyOf(items));
    };
    try (IngestQueue<Integer> q = IngestQueue.builder("logs", sink).capacityItems(10).build().start()) {
      CompletableFuture<Void> bad = q.submit(List.of(13));
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NoClassDefFoundError.class);
      q.submit(List.of(1, 2)).get(5, TimeUnit.SECONDS);
      assertThat(stored).containsExactly(List.of(1, 2));
      assertThat(q.failedItems()).isEqualTo(1);
      assertThat(q.depth()).isZero();
    }
  }

  @Test
  void mergesWaitingBatchesIntoOneSinkCall() throws Exception {
    GatedSink sink = new GatedSink();
    try (IngestQueue<Integer> q = IngestQueue.builder("t", sink).capacityItems(100).build().start()) {
      CompletableFuture<Void> first = q.submit(List.of(0));
      assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> a = q.submit(List.of(1, 2));
      CompletableFuture<Void> b = q.submit(List.of(3));
      sink.release.countDown();
      CompletableFuture.allOf(first, a, b).get(5, TimeUnit.SECONDS);
      assertThat(sink.calls).containsExactly(List.of(0), List.of(1, 2, 3));
      assertThat(q.sinkCalls()).isEqualTo(2);
    }
  }

  @Test
  void refusesWhenFullAndCountsTheRefusal() throws Exception {
    GatedSink sink = new GatedSink();
    try (IngestQueue<Integer> q = IngestQueue.builder("spans", sink).capacityItems(3).build().start()) {
      q.submit(List.of(1, 2));
      assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
      q.submit(List.of(3));
      assertThatThrownBy(() -> q.submit(List.of(4, 5)))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("spans ingest queue is full");
      assertThat(q.refusedItems()).isEqualTo(2);
      assertThat(q.depth()).isEqualTo(3);
      sink.release.countDown();
    }
  }

  @Test
  void aBatchLargerThanCapacityIsAcceptedWhenTheQueueIsEmpty() throws Exception {
    List<List<Integer>> calls = new ArrayList<>();
    try (IngestQueue<Integer> q = IngestQueue.<Integer>builder("t", calls::add).capacityItems(2).build().start()) {
      q.submit(List.of(1, 2, 3, 4)).get(5, TimeUnit.SECONDS);
    }
    assertThat(calls).containsExactly(List.of(1, 2, 3, 4));
  }

  @Test
  void sinkFailureFailsEveryFutureOfTheGroupAndIsCounted() throws Exception {
    BatchSink<Integer> failing = items -> {
      throw new IOException("disk full");
    };
    try (IngestQueue<Integer> q = IngestQueue.builder("t", failing).build().start()) {
      CompletableFuture<Void> f = q.submit(List.of(1, 2, 3));
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("disk full");
      assertThat(q.failedItems()).isEqualTo(3);
      assertThat(q.acceptedItems()).isZero();
    }
  }

  @Test
  void closeDrainsWhatWasQueuedAndThenRefuses() throws Exception {
    GatedSink sink = new GatedSink();
    IngestQueue<Integer> q = IngestQueue.builder("t", sink).capacityItems(10).build().start();
    CompletableFuture<Void> a = q.submit(List.of(1));
    assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> b = q.submit(List.of(2));
    sink.release.countDown();
    q.close();
    assertThat(a).isCompleted();
    assertThat(b).isCompleted();
    assertThat(sink.calls).containsExactly(List.of(1), List.of(2));
    assertThatThrownBy(() -> q.submit(List.of(3)))
        .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.shuttingDown()).isTrue());
  }

  @Test
  void severalWritersCallAThreadSafeSinkInParallel() throws Exception {
    CountDownLatch bothInside = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
    BatchSink<Integer> sink = items -> {
      bothInside.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add(items);
    };
    try (IngestQueue<Integer> q = IngestQueue.builder("t", sink).writers(2).build().start()) {
      CompletableFuture<Void> a = q.submit(List.of(1));
      // Only once the first writer holds batch a can batch b reach the second writer on its own.
      await(() -> q.depth() == 1 && bothInside.getCount() == 1);
      CompletableFuture<Void> b = q.submit(List.of(2));
      assertThat(bothInside.await(5, TimeUnit.SECONDS)).as("two sink calls at once").isTrue();
      release.countDown();
      CompletableFuture.allOf(a, b).get(5, TimeUnit.SECONDS);
      assertThat(calls).containsExactlyInAnyOrder(List.of(1), List.of(2));
    }
  }

  @Test
  void severalWritersShareTheWaitingBatchesInsteadOfOneTakingThemAll() throws Exception {
    List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
    IngestQueue<Integer> q = IngestQueue.<Integer>builder("t", calls::add).writers(2).build();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int b = 0; b < 4; b++) { // all waiting before any writer runs
      done.add(q.submit(List.of(10 * b, 10 * b + 1)));
    }
    try (q) {
      q.start();
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }
    // The first writer to look takes half of the 8 waiting items, not all of them.
    assertThat(calls).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(4));
    assertThat(calls.stream().mapToInt(List::size).sum()).isEqualTo(8);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 5 s");
      }
      Thread.onSpinWait();
    }
  }
}
