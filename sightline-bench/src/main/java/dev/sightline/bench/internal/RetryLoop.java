package dev.sightline.bench.internal;

import java.io.IOException;
import java.util.Optional;

/**
 * The retry loop the load generators' senders share: run an attempt, and on a retryable answer or a
 * connection error wait as {@link Backoff} says and try again, until the attempt is done, refused for
 * good, out of attempts or past the deadline. What is retryable, and what an answer counts, is the
 * attempt's business (OTLP, remote-write and log pushes differ there); the pacing is not.
 */
public final class RetryLoop {
  /** What one attempt came to. */
  public sealed interface Outcome {}

  /** Acknowledged: stop. */
  public record Done() implements Outcome {}

  /** Worth another attempt, not before {@code retryAfterMs} (0 when the server named no time). */
  public record Retry(long retryAfterMs) implements Outcome {}

  /** Refused for good: stop, failed for this reason. */
  public record Fail(String reason) implements Outcome {}

  public static final Outcome DONE = new Done();

  /** One attempt; an {@link IOException} is a connection error, retried. */
  @FunctionalInterface
  public interface Attempt {
    Outcome run() throws IOException, InterruptedException;
  }

  private RetryLoop() {}

  /**
   * Runs {@code attempt} until it is done or fails; {@code onIoError} runs for each connection error and
   * {@code onRetry} before each further attempt.
   *
   * @return empty when an attempt was done, else why the request failed
   */
  public static Optional<String> run(Backoff backoff, int maxAttempts, long deadlineNanos, Attempt attempt,
                                     Runnable onIoError, Runnable onRetry) throws InterruptedException {
    for (int n = 1; ; n++) {
      long waitMs;
      try {
        switch (attempt.run()) {
          case Done d -> {
            return Optional.empty();
          }
          case Fail f -> {
            return Optional.of(f.reason());
          }
          case Retry r -> waitMs = backoff.next(r.retryAfterMs());
        }
      } catch (IOException e) {
        onIoError.run();
        waitMs = backoff.next(0);
      }
      if (n >= maxAttempts || System.nanoTime() + waitMs * 1_000_000 > deadlineNanos) {
        return Optional.of("gave up after " + n + " attempts");
      }
      onRetry.run();
      Thread.sleep(Math.min(waitMs, backoff.maxMs()));
    }
  }
}
