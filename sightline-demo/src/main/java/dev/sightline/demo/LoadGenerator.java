package dev.sightline.demo;

import dev.sightline.demo.internal.ParentWatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic: {@code -Ddemo.rps} (default 5) checkouts per second against {@code -Ddemo.target},
 * with at most {@link #MAX_IN_FLIGHT} outstanding so a stalled backend cannot pile up unbounded
 * requests (the surplus is counted as skipped). Runs until killed (Ctrl-C); prints a tally every 10 s.
 */
public final class LoadGenerator {
  static final int MAX_IN_FLIGHT = 50;

  private LoadGenerator() {
  }

  public static void main(String[] args) {
    ParentWatch.exitWithParent();
    URI target = URI.create(System.getProperty("demo.target", "http://127.0.0.1:8081/checkout"));
    int rps = Integer.getInteger("demo.rps", 5);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).build();
    timer.scheduleAtFixedRate(() -> {
      if (!inFlight.tryAcquire()) {
        skipped.incrementAndGet();
        return;
      }
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        inFlight.release();
        (e == null && r.statusCode() == 200 ? ok : failed).incrementAndGet();
      });
    }, 0, 1_000_000 / rps, TimeUnit.MICROSECONDS);
    timer.scheduleAtFixedRate(() -> System.out.printf("load: %d ok, %d failed, %d skipped, %d in flight%n",
        ok.get(), failed.get(), skipped.get(), MAX_IN_FLIGHT - inFlight.availablePermits()), 10, 10, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      timer.shutdownNow();
      System.out.printf("load stopped: %d ok, %d failed, %d skipped%n", ok.get(), failed.get(), skipped.get());
    }));
  }
}
