package dev.sightline.bench.internal;

import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of the rule-evaluation bench, shaped like a fleet of HTTP services scraped every 15 s:
 * {@code http_requests_total{service, route, status, instance}}, a latency histogram
 * ({@code http_request_duration_seconds_bucket/_sum/_count{service, route, instance[, le]}}) and a
 * gauge {@code queue_depth{service, instance, queue}}. With the defaults (50 services × 10 routes × 10
 * instances) that is 20,000 + 60,000 + 10,000 + 10,000 = 100,000 series.
 *
 * <p>Values are a deterministic function of (series, step), so no per-series state is kept: counters
 * grow by a per-series base plus jitter (always monotonic), buckets are the request count times a
 * per-service latency CDF (monotonic in {@code le} and in time). Every 7th service has 8% 5xx and
 * every 5th a slow latency distribution, so some alerts really fire.
 */
public final class SeriesLayout {
  static final String[] STATUSES = {"200", "404", "500", "503"};
  static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  static final int QUEUES_PER_INSTANCE = 20;

  private final int services;
  private final int routes;
  private final int instances;
  private final List<Labels> labels = new ArrayList<>();
  /** Per series: kind (0 requests, 1 bucket, 2 sum, 3 count, 4 gauge), service, status or histogram block, le index. */
  private final List<int[]> kinds = new ArrayList<>();

  private SeriesLayout(int services, int routes, int instances) {
    this.services = services;
    this.routes = routes;
    this.instances = instances;
    for (int s = 0; s < services; s++) {
      for (int r = 0; r < routes; r++) {
        for (int i = 0; i < instances; i++) {
          int block = (s * routes + r) * instances + i;
          for (int st = 0; st < STATUSES.length; st++) {
            add(new int[] {0, s, st, 0}, Labels.of(Labels.METRIC_NAME, "http_requests_total", "service", service(s),
                "route", route(r), "status", STATUSES[st], "instance", instance(i)));
          }
          for (int le = 0; le <= LE.length; le++) {
            add(new int[] {1, s, block, le}, Labels.of(Labels.METRIC_NAME, "http_request_duration_seconds_bucket",
                "service", service(s), "route", route(r), "instance", instance(i),
                "le", le == LE.length ? "+Inf" : Double.toString(LE[le])));
          }
          add(new int[] {2, s, block, 0}, Labels.of(Labels.METRIC_NAME, "http_request_duration_seconds_sum",
              "service", service(s), "route", route(r), "instance", instance(i)));
          add(new int[] {3, s, block, 0}, Labels.of(Labels.METRIC_NAME, "http_request_duration_seconds_count",
              "service", service(s), "route", route(r), "instance", instance(i)));
        }
      }
      for (int i = 0; i < instances; i++) {
        for (int q = 0; q < QUEUES_PER_INSTANCE; q++) {
          add(new int[] {4, s, 0, 0}, Labels.of(Labels.METRIC_NAME, "queue_depth", "service", service(s),
              "instance", instance(i), "queue", queue(q)));
        }
      }
    }
  }

  public static SeriesLayout of(int services, int routes, int instances) {
    return new SeriesLayout(services, routes, instances);
  }

  private void add(int[] kind, Labels l) {
    kinds.add(kind);
    labels.add(l);
  }

  public int size() {
    return labels.size();
  }

  public int services() {
    return services;
  }

  public int routes() {
    return routes;
  }

  public Labels labels(int series) {
    return labels.get(series);
  }

  /** The value of {@code series} at scrape {@code step}. */
  public double value(int series, int step) {
    int[] k = kinds.get(series);
    int svc = k[1];
    long perStep = 40 + (series * 31L % 60); // requests per scrape of this (route, instance), 40..99
    long histPerStep = 40 + (k[2] * 31L % 60); // a histogram's series share their block's request count
    return switch (k[0]) {
      case 0 -> counter(series, step, statusShare(svc, k[2], perStep));
      case 1 -> Math.floor(counter(k[2], step, histPerStep) * cdf(svc, k[3]));
      case 2 -> counter(k[2], step, histPerStep) * (svc % 5 == 0 ? 0.6 : 0.04);
      case 3 -> counter(k[2], step, histPerStep);
      default -> (series * 7 + step * 3) % (svc % 9 == 0 ? 120 : 60);
    };
  }

  private static long statusShare(int svc, int status, long perStep) {
    return switch (status) {
      case 0 -> perStep;
      case 1 -> Math.max(3, perStep / 20);
      default -> svc % 7 == 0 ? Math.max(3, perStep / 12) : 3;
    };
  }

  /** Monotonic: each step adds between base-2 and base (base ≥ 3). */
  private static double counter(int series, int step, long base) {
    return step * base - Math.floorMod(series * 131 + step * 17, 3);
  }

  private static double cdf(int svc, int le) {
    if (le == LE.length) {
      return 1.0;
    }
    double median = svc % 5 == 0 ? 0.6 : 0.03; // slow services: median 600 ms
    double x = LE[le] / median;
    return x / (1 + x); // a log-logistic CDF, increasing in le
  }

  public static String service(int s) {
    return "svc-" + s;
  }

  public static String route(int r) {
    return "/api/v1/resource" + r + "/{id}";
  }

  static String instance(int i) {
    return "10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080";
  }

  public static String queue(int q) {
    return "q" + (q % QUEUES_PER_INSTANCE);
  }
}
