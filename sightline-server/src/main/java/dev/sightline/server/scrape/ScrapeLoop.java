package dev.sightline.server.scrape;

import dev.sightline.ingest.prometheus.ExpositionFormat;
import dev.sightline.ingest.prometheus.ExpositionParser;
import dev.sightline.ingest.prometheus.ScrapeResult;
import dev.sightline.ingest.prometheus.ScrapedSample;
import dev.sightline.model.metric.Labels;
import dev.sightline.server.receiver.MetricsIntake;
import dev.sightline.store.metrics.StaleMarker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target, as Prometheus's scrape loop does: the target's labels are attached to every
 * series (with {@code exported_} prefixes for clashes unless {@code honor_labels}), metric relabelling
 * applies, and the synthetic series {@code up}, {@code scrape_duration_seconds},
 * {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling} and
 * {@code scrape_series_added} are written. A series present in the previous scrape but not in this one
 * gets a staleness marker, and so does every series of a target that stops answering.
 */
final class ScrapeLoop {
  private static final Logger log = LoggerFactory.getLogger(ScrapeLoop.class);
  private static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
      + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1";

  /** What one scrape did, for logs, tests and the targets API. */
  record Outcome(boolean up, long durationMs, int scraped, int stored, int staleMarked, String error) {}

  private final ScrapeTarget target;
  private final ScrapeConfig config;
  private final HttpClient http;
  private final ExpositionParser parser;
  private final MetricsIntake intake;
  private final Relabeler metricRelabel;
  private final Clock clock;
  private Set<Labels> previous = Set.of();
  private volatile Outcome last;
  private volatile long lastScrapeMs;

  ScrapeLoop(ScrapeTarget target, ScrapeConfig config, HttpClient http, ExpositionParser parser,
             MetricsIntake intake, Clock clock) {
    this.target = target;
    this.config = config;
    this.http = http;
    this.parser = parser;
    this.intake = intake;
    this.clock = clock;
    this.metricRelabel = Relabeler.of(config.metricRelabelConfigs(), config.jobName() + ".metric_relabel_configs");
  }

  ScrapeTarget target() {
    return target;
  }

  Outcome last() {
    return last;
  }

  long lastScrapeMs() {
    return lastScrapeMs;
  }

  /** One scrape, stamped with the clock's time at its start. */
  synchronized Outcome scrapeOnce() {
    long t0 = clock.millis();
    long n0 = System.nanoTime();
    List<Labels> labels = new ArrayList<>();
    List<double[]> points = new ArrayList<>(); // {timestampMs, value}
    String error = null;
    int scraped = 0;
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(target.url())
          .header("Accept", ACCEPT)
          .header("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeout().toMillis() / 1000.0))
          .timeout(target.timeout())
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("server returned HTTP status " + r.statusCode());
      }
      ExpositionFormat format = ExpositionFormat.fromContentType(r.headers().firstValue("Content-Type").orElse(null));
      ScrapeResult result = parser.parse(r.body(), format);
      scraped = result.samples().size();
      intake.recordMetadata(result.metadata());
      if (config.sampleLimit() > 0 && scraped > config.sampleLimit()) {
        throw new IllegalStateException("sample limit exceeded: " + scraped + " > " + config.sampleLimit());
      }
      for (ScrapedSample s : result.samples()) {
        Labels l = metricRelabel.apply(withTargetLabels(s.labels()));
        if (l == null) {
          continue;
        }
        long ts = config.honorTimestamps() && s.hasTimestamp() ? s.timestampMs() : t0;
        labels.add(l);
        points.add(new double[] {ts, s.value()});
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      labels.clear();
      points.clear();
    }
    long durationMs = (System.nanoTime() - n0) / 1_000_000;
    boolean up = error == null;
    Set<Labels> now = new HashSet<>(labels);
    int added = 0;
    for (Labels l : now) {
      added += previous.contains(l) ? 0 : 1;
    }
    List<Labels> stale = new ArrayList<>();
    for (Labels l : previous) {
      if (!now.contains(l)) {
        stale.add(l);
      }
    }
    int stored = labels.size();
    int seriesAdded = added;
    int scrapedFinal = scraped;
    try {
      intake.write("scrape", sink -> {
        for (int i = 0; i < labels.size(); i++) {
          sink.accept(labels.get(i), (long) points.get(i)[0], points.get(i)[1]);
        }
        for (Labels l : stale) {
          sink.accept(l, t0, StaleMarker.STALE_NAN);
        }
        sink.accept(synthetic("up"), t0, up ? 1 : 0);
        sink.accept(synthetic("scrape_duration_seconds"), t0, durationMs / 1000.0);
        sink.accept(synthetic("scrape_samples_scraped"), t0, scrapedFinal);
        sink.accept(synthetic("scrape_samples_post_metric_relabeling"), t0, stored);
        sink.accept(synthetic("scrape_series_added"), t0, seriesAdded);
      });
    } catch (Exception e) {
      log.warn("storing the scrape of {} failed: {}", target.url(), e.toString());
    }
    previous = now;
    lastScrapeMs = t0;
    last = new Outcome(up, durationMs, scraped, stored, stale.size(), error);
    if (!up) {
      log.debug("scrape of {} failed: {}", target.url(), error);
    }
    return last;
  }

  /** Marks every series of this target stale: the target went away (reload or shutdown). */
  synchronized void markAllStale() {
    long t = clock.millis();
    try {
      intake.write("scrape", sink -> {
        for (Labels l : previous) {
          sink.accept(l, t, StaleMarker.STALE_NAN);
        }
        for (String name : List.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added")) {
          sink.accept(synthetic(name), t, StaleMarker.STALE_NAN);
        }
      });
    } catch (Exception e) {
      log.warn("could not mark the series of {} stale: {}", target.url(), e.toString());
    }
    previous = Set.of();
  }

  private Labels synthetic(String name) {
    return target.labels().toBuilder().set(Labels.METRIC_NAME, name).build();
  }

  /** Target labels onto a scraped series, resolving clashes as {@code honor_labels} says. */
  private Labels withTargetLabels(Labels scrapedLabels) {
    Labels.Builder b = scrapedLabels.toBuilder();
    Labels t = target.labels();
    for (int i = 0; i < t.size(); i++) {
      String name = t.name(i);
      String existing = scrapedLabels.get(name);
      if (existing == null) {
        b.set(name, t.value(i));
      } else if (!config.honorLabels()) {
        String exported = "exported_" + name;
        while (scrapedLabels.get(exported) != null) {
          exported = "exported_" + exported;
        }
        b.set(exported, existing);
        b.set(name, t.value(i));
      }
    }
    return b.build();
  }
}
