package dev.sightline.server.scrape;

import dev.sightline.ingest.prometheus.ExpositionParser;
import dev.sightline.ingest.prometheus.ScrapeLimits;
import dev.sightline.server.receiver.MetricsIntake;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scrape loop per target on a small scheduled pool; each target is scraped at a fixed offset
 * within its interval (from a hash of its URL), so a thousand targets with the same interval do not
 * all fire at once. {@link #apply} replaces the target set, keeping loops (and their staleness state)
 * of targets that did not change and marking removed targets' series stale.
 */
public final class ScrapeManager implements AutoCloseable {
  private final MetricsIntake intake;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final ExpositionParser parser = ExpositionParser.create(ScrapeLimits.defaults());
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("sightline-scrape-", 0).daemon(true).factory());
  private final Map<String, Running> loops = new LinkedHashMap<>();

  private record Running(ScrapeLoop loop, ScheduledFuture<?> future) {}

  public ScrapeManager(MetricsIntake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  /** Targets of the given configs, validated; throws {@link IllegalArgumentException} naming the problem. */
  public static List<ScrapeTarget> targets(List<ScrapeConfig> configs, Duration defaultInterval,
                                           Duration defaultTimeout) {
    List<ScrapeTarget> out = new ArrayList<>();
    java.util.Set<String> jobs = new java.util.HashSet<>();
    for (ScrapeConfig c : configs) {
      if (c.jobName() == null || c.jobName().isBlank()) {
        throw new IllegalArgumentException("scrape_configs: every entry needs a job_name");
      }
      if (!jobs.add(c.jobName())) {
        throw new IllegalArgumentException("scrape_configs: job_name '" + c.jobName() + "' is used twice");
      }
      Duration interval = c.scrapeInterval() == null ? defaultInterval : c.scrapeInterval();
      Duration timeout = c.scrapeTimeout() == null ? min(defaultTimeout, interval) : c.scrapeTimeout();
      if (timeout.compareTo(interval) > 0) {
        throw new IllegalArgumentException("scrape_configs." + c.jobName() + ": scrape_timeout " + timeout
            + " is greater than scrape_interval " + interval);
      }
      Relabeler.of(c.metricRelabelConfigs(), c.jobName() + ".metric_relabel_configs");
      out.addAll(ScrapeTarget.of(c, interval, timeout));
    }
    return out;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Starts, keeps or stops loops so that exactly these configs' targets are scraped. */
  public synchronized void apply(List<ScrapeConfig> configs, Duration defaultInterval, Duration defaultTimeout) {
    Map<String, ScrapeConfig> byJob = new LinkedHashMap<>();
    configs.forEach(c -> byJob.put(c.jobName(), c));
    Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
    for (ScrapeTarget t : targets(configs, defaultInterval, defaultTimeout)) {
      wanted.put(key(t), t);
    }
    for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!wanted.containsKey(e.getKey())) {
        e.getValue().future().cancel(false);
        e.getValue().loop().markAllStale();
        it.remove();
      }
    }
    for (var e : wanted.entrySet()) {
      if (loops.containsKey(e.getKey())) {
        continue;
      }
      ScrapeTarget t = e.getValue();
      ScrapeLoop loop = new ScrapeLoop(t, byJob.get(t.job()), http, parser, intake, clock);
      long interval = t.interval().toMillis();
      long offset = Math.floorMod(t.url().toString().hashCode(), interval);
      ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(loop::scrapeOnce, offset, interval, TimeUnit.MILLISECONDS);
      loops.put(e.getKey(), new Running(loop, f));
    }
  }

  private static String key(ScrapeTarget t) {
    return t.job() + "|" + t.url() + "|" + t.labels() + "|" + t.interval() + "|" + t.timeout();
  }

  /** The active targets as Prometheus's {@code /api/v1/targets} shows them. */
  public synchronized List<Map<String, Object>> activeTargets() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Running r : loops.values()) {
      ScrapeTarget t = r.loop().target();
      ScrapeLoop.Outcome o = r.loop().last();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("discoveredLabels", Map.of());
      m.put("labels", t.labels().asMap());
      m.put("scrapePool", t.job());
      m.put("scrapeUrl", t.url().toString());
      m.put("globalUrl", t.url().toString());
      m.put("lastError", o == null || o.error() == null ? "" : o.error());
      m.put("lastScrape", o == null ? "0001-01-01T00:00:00Z" : java.time.Instant.ofEpochMilli(r.loop().lastScrapeMs()).toString());
      m.put("lastScrapeDuration", o == null ? 0 : o.durationMs() / 1000.0);
      m.put("health", o == null ? "unknown" : o.up() ? "up" : "down");
      m.put("scrapeInterval", dev.sightline.server.config.DurationText.format(t.interval()));
      m.put("scrapeTimeout", dev.sightline.server.config.DurationText.format(t.timeout()));
      out.add(m);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    for (Running r : loops.values()) {
      r.future().cancel(false);
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loops.clear();
  }
}
