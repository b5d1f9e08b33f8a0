package dev.sightline.server.probe;

import dev.sightline.ingest.prometheus.SampleSink;
import dev.sightline.server.config.DurationText;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes health endpoints on schedule, as a kubelet does: an HTTP GET bounded by the probe's timeout,
 * success on 2xx and 3xx (redirects are not followed), and a thresholded UP/DOWN state per target.
 * Each attempt is written as samples: {@code probe_success}, {@code probe_duration_seconds},
 * {@code probe_http_status_code} (0 without a response) and, once known, {@code probe_state} (1 UP, 0 DOWN),
 * labelled {@code service}, {@code kind}, {@code instance} plus the configured labels.
 *
 * <p>At most {@code maxConcurrent} probes run at once (a fixed pool). An attempt that falls due while the
 * target's previous attempt is still queued or running is skipped and counted, so a hanging service never
 * piles up work. Due times and thresholds follow the injected {@link Clock}; {@link #tick()} and
 * {@link #probeOnce} let tests drive it without waiting.
 */
public final class Prober implements AutoCloseable {
  /** Where samples go: in the server, {@code fill -> metricsIntake.write("probe", fill)}. */
  @FunctionalInterface
  public interface SampleWriter {
    void write(Consumer<SampleSink> fill) throws Exception;
  }

  /** Bytes of a failing response's body kept for the API: enough for the kit's report of a few checks. */
  static final int MAX_BODY = 4096;
  private static final Logger log = LoggerFactory.getLogger(Prober.class);
  private static final long TICK_MS = 100;

  private final List<TargetHealth> targets = new ArrayList<>();
  private final SampleWriter writer;
  private final Clock clock;
  private final ExecutorService pool;
  private final HttpClient http;
  private ScheduledExecutorService scheduler;

  public Prober(List<ProbeTarget> targets, SampleWriter writer, Clock clock, int maxConcurrent) {
    this.writer = writer;
    this.clock = clock;
    long now = clock.millis();
    Duration maxTimeout = Duration.ofSeconds(1);
    for (ProbeTarget t : targets) {
      this.targets.add(new TargetHealth(t, now));
      maxTimeout = t.timeout().compareTo(maxTimeout) > 0 ? t.timeout() : maxTimeout;
    }
    this.pool = Executors.newFixedThreadPool(Math.max(1, maxConcurrent),
        Thread.ofPlatform().name("sightline-probe-", 0).daemon(true).factory());
    // The client keeps its own threads: the pool's threads block waiting for it.
    this.http = HttpClient.newBuilder().connectTimeout(maxTimeout).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Probes of the given configs, with at most 4 in flight. */
  public static Prober of(List<ProbeConfig> configs, SampleWriter writer, Clock clock) {
    return new Prober(configs.stream().map(ProbeTarget::of).toList(), writer, clock, 4);
  }

  /** Starts ticking in the background; without targets, does nothing. */
  public synchronized Prober start() {
    if (scheduler == null && !targets.isEmpty()) {
      scheduler = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("sightline-probe-schedule").daemon(true).factory());
      scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("probe scheduling failed", e);
    }
  }

  /**
   * Dispatches every target that is due on the clock, skipping (and counting) those whose previous attempt
   * has not finished; returns the attempts dispatched.
   */
  public List<Future<ProbeResult>> tick() {
    long now = clock.millis();
    List<Future<ProbeResult>> started = new ArrayList<>();
    for (TargetHealth h : targets) {
      if (h.nextDueMs > now) {
        continue;
      }
      long period = h.target().period().toMillis();
      // Missed periods (a paused clock, a stalled JVM) are not made up: the next one is a period from now.
      h.nextDueMs = Math.max(h.nextDueMs + period, now + 1);
      if (!h.inFlight.compareAndSet(false, true)) {
        h.skip();
        continue;
      }
      try {
        started.add(pool.submit(() -> {
          try {
            return probeOnce(h.target());
          } finally {
            h.inFlight.set(false);
          }
        }));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        h.inFlight.set(false);
      }
    }
    return started;
  }

  /** Probes {@code target} now on the calling thread, records the result and writes its samples. */
  public ProbeResult probeOnce(ProbeTarget target) {
    TargetHealth h = health(target);
    ProbeResult r = attempt(target);
    TargetHealth.State state = h.record(r);
    write(target, r, state);
    return r;
  }

  private ProbeResult attempt(ProbeTarget t) {
    long at = clock.millis();
    long t0 = System.nanoTime();
    byte[] body = new byte[MAX_BODY];
    int[] length = {0};
    HttpRequest req = HttpRequest.newBuilder(t.url()).GET().timeout(t.timeout())
        .header("Accept", "application/json").header("User-Agent", "Sightline-Prober").build();
    CompletableFuture<HttpResponse<Void>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArrayConsumer(
        chunk -> chunk.ifPresent(bytes -> {
          int n = Math.min(bytes.length, MAX_BODY - length[0]);
          System.arraycopy(bytes, 0, body, length[0], n);
          length[0] += n;
        })));
    int status = 0;
    String error = null;
    try {
      status = f.get(t.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
    } catch (TimeoutException e) {
      f.cancel(true);
      error = "timeout after " + DurationText.format(t.timeout());
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (ExecutionException e) {
      error = describe(e.getCause(), t);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean success = error == null && status >= 200 && status < 400;
    if (error == null && !success) {
      error = "HTTP " + status;
    }
    String text = success || length[0] == 0 ? null
        : new String(body, 0, length[0], StandardCharsets.UTF_8);
    return new ProbeResult(at, success, status, seconds, error, text);
  }

  private static String describe(Throwable cause, ProbeTarget t) {
    if (cause instanceof HttpTimeoutException) {
      return "timeout after " + DurationText.format(t.timeout());
    }
    if (cause instanceof ConnectException) {
      return "connection refused by " + t.instance();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void write(ProbeTarget t, ProbeResult r, TargetHealth.State state) {
    try {
      writer.write(sink -> {
        sink.accept(t.labels("probe_success"), r.timeMs(), r.success() ? 1 : 0);
        sink.accept(t.labels("probe_duration_seconds"), r.timeMs(), r.durationSeconds());
        sink.accept(t.labels("probe_http_status_code"), r.timeMs(), r.statusCode());
        if (state != TargetHealth.State.UNKNOWN) {
          sink.accept(t.labels("probe_state"), r.timeMs(), state == TargetHealth.State.UP ? 1 : 0);
        }
      });
    } catch (Exception e) {
      log.warn("storing probe samples of {} failed: {}", t.key(), e.toString());
    }
  }

  private TargetHealth health(ProbeTarget target) {
    for (TargetHealth h : targets) {
      if (h.target().key().equals(target.key())) {
        return h;
      }
    }
    throw new IllegalArgumentException("not a configured probe: " + target.key());
  }

  /** The configured targets, in configuration order. */
  public List<ProbeTarget> targets() {
    return targets.stream().map(TargetHealth::target).toList();
  }

  /** Each target's state, in configuration order. */
  List<TargetHealth.Snapshot> snapshots() {
    return targets.stream().map(TargetHealth::snapshot).toList();
  }

  /** Stops scheduling and abandons attempts in flight (their HTTP exchanges are cancelled). */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    pool.shutdownNow();
    http.shutdownNow();
  }
}
