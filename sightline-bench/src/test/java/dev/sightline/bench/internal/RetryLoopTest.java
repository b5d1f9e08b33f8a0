package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryLoopTest {
  private final AtomicInteger ioErrors = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();

  /** Plays the given outcomes in order; an IOException entry is thrown instead of returned. */
  private Optional<String> play(int maxAttempts, long deadlineNanos, Object... outcomes) throws InterruptedException {
    Deque<Object> script = new ArrayDeque<>(List.of(outcomes));
    return RetryLoop.run(new Backoff(1, 2), maxAttempts, deadlineNanos, () -> {
      attempts.incrementAndGet();
      Object next = script.poll();
      if (next instanceof IOException e) {
        throw e;
      }
      return (RetryLoop.Outcome) next;
    }, ioErrors::incrementAndGet, retries::incrementAndGet);
  }

  private static long farDeadline() {
    return System.nanoTime() + 60_000_000_000L;
  }

  @Test
  void retryableAnswersAndConnectionErrorsAreRetriedUntilDone() throws InterruptedException {
    Optional<String> failure = play(10, farDeadline(), new RetryLoop.Retry(0), new IOException("reset"),
        new RetryLoop.Retry(1), RetryLoop.DONE);
    assertThat(failure).isEmpty();
    assertThat(attempts).hasValue(4);
    assertThat(retries).hasValue(3);
    assertThat(ioErrors).hasValue(1);
  }

  @Test
  void aRefusalStopsAtOnceWithItsReason() throws InterruptedException {
    assertThat(play(10, farDeadline(), new RetryLoop.Retry(0), new RetryLoop.Fail("HTTP 400: bad")))
        .contains("HTTP 400: bad");
    assertThat(attempts).hasValue(2);
    assertThat(retries).hasValue(1);
  }

  @Test
  void attemptsRunOut() throws InterruptedException {
    assertThat(play(3, farDeadline(), new RetryLoop.Retry(0), new RetryLoop.Retry(0), new RetryLoop.Retry(0),
        RetryLoop.DONE)).contains("gave up after 3 attempts");
    assertThat(attempts).hasValue(3);
    assertThat(retries).hasValue(2);
  }

  @Test
  void aPassedDeadlineGivesUpWithoutWaiting() throws InterruptedException {
    assertThat(play(10, System.nanoTime() - 1, new RetryLoop.Retry(0), RetryLoop.DONE))
        .contains("gave up after 1 attempts");
    assertThat(retries).hasValue(0);
  }
}
