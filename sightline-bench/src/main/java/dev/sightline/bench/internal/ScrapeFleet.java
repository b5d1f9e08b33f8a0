package dev.sightline.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The series a Prometheus server would scrape from a fleet of HTTP services every 15 s, and their values
 * scrape after scrape, for the remote-write benchmark (issue 4).
 *
 * <p>Per service (job): 10 instances; per instance 8 routes, each with 2 or 3 status codes (200 and 500
 * always, 404 on every other route), and for each (route, method, status_code):
 * {@code http_server_request_duration_seconds_bucket} (11 bounds and {@code +Inf}), {@code _sum},
 * {@code _count} and {@code http_server_requests_total} = 15 series; per instance also
 * {@code process_resident_memory_bytes}, {@code process_cpu_seconds_total}, {@code queue_depth} for two
 * queues and {@code up}. That is 3,050 series a service; services are added until {@code series} is
 * reached (the last one cut short). Every series carries {@code job}, {@code namespace},
 * {@code service} and {@code instance} as a scrape config with relabelling would attach them.
 *
 * <p>Values as a scraper sees them: request counts grow by a per-combination rate (0.05–40 req/s) times
 * jitter, whole numbers; buckets are cumulative (monotonic in {@code le} and in time) from a log-normal
 * latency distribution per (service, route); {@code _sum} is a float; memory moves by whole pages,
 * CPU seconds by hundredths, queue depth by small integers. With fewer instances a service (a smaller data set over a longer
 * time), services have {@code 305 * instances} series each. Timestamps: scrape {@code k} of an instance
 * is at {@code start + k * interval + offset(instance) + jitter}, the offset spreading instances over
 * the interval as Prometheus does, jitter 0–2 ms. Deterministic for a seed; not thread-safe.
 */
public final class ScrapeFleet {
  static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  static final String[] ROUTES = {"/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/cart", "/api/v1/cart/items",
      "/api/v1/users/{id}", "/api/v1/login", "/api/v1/search", "/api/v1/products/{id}"};
  static final String[] METHODS = {"POST", "GET", "GET", "POST", "GET", "POST", "GET", "GET"};
  static final String[] SERVICE_NAMES = {"frontend", "checkout", "cart", "payment", "inventory", "users",
      "search", "shipping", "pricing", "catalog", "auth", "notifications"};
  static final int INSTANCES = 10;
  static final int SERIES_PER_COMBO = LE.length + 1 + 3;
  static final int SERIES_PER_INSTANCE_GAUGES = 5;

  /** Kinds of series; the order within a combination is fixed: buckets, sum, count, requests_total. */
  private static final byte BUCKET = 0;
  private static final byte SUM = 1;
  private static final byte COUNT = 2;
  private static final byte REQUESTS = 3;
  private static final byte MEMORY = 4;
  private static final byte CPU = 5;
  private static final byte QUEUE = 6;
  private static final byte UP = 7;

  private final long startMs;
  private final long intervalMs;
  private final SplittableRandom random;
  private final List<String[]> labels = new ArrayList<>();
  private final byte[] kind;
  private final int[] owner;      // combination index for request series, instance index for gauges
  private final int[] instanceOf; // instance index (global) per series
  private final int[] aux;        // le index of a bucket, queue index of a queue gauge
  private final int[] instanceOffsetMs;
  // Per combination: rate, latency median, cumulative buckets, sum.
  private final double[] rate;
  private final double[] median;
  private final long[][] buckets;
  private final double[] sum;
  // Per instance: gauges' state.
  private final double[] memory;
  private final double[] cpu;
  private final double[][] queue;
  private final long[] scrapeTime;
  private final double[] values;
  private int scrape = -1;

  /**
   * @param series how many series (at least 1)
   * @param startMs time of scrape 0 before the instance offsets
   * @param intervalMs scrape interval
   */
  public ScrapeFleet(int series, long startMs, long intervalMs, long seed) {
    this(series, INSTANCES, startMs, intervalMs, seed);
  }

  /** As above with {@code instancesPerService} instead of 10: fewer series a service, more services. */
  public ScrapeFleet(int series, int instancesPerService, long startMs, long intervalMs, long seed) {
    if (series < 1 || instancesPerService < 1) {
      throw new IllegalArgumentException("series must be positive, got " + series);
    }
    this.startMs = startMs;
    this.intervalMs = intervalMs;
    this.random = new SplittableRandom(seed);
    kind = new byte[series];
    owner = new int[series];
    instanceOf = new int[series];
    aux = new int[series];
    List<double[]> combos = new ArrayList<>(); // rate, median
    int instances = 0;
    int n = 0;
    for (int s = 0; n < series; s++) {
      String service = SERVICE_NAMES[s % SERVICE_NAMES.length] + (s < SERVICE_NAMES.length ? "" : "-" + s / SERVICE_NAMES.length);
      for (int i = 0; i < instancesPerService && n < series; i++, instances++) {
        String instance = "10." + (s / 200) + "." + (s % 200) + "." + (20 + i) + ":8080";
        String[] base = {"instance", instance, "job", service, "namespace", "prod", "service", service};
        for (int r = 0; r < ROUTES.length && n < series; r++) {
          String[] statuses = r % 2 == 0 ? new String[] {"200", "500"} : new String[] {"200", "404", "500"};
          double routeWeight = 1 + random.nextInt(20);
          double routeMedian = 0.01 * (1 + random.nextInt(30)) * (s % 5 == 4 ? 4 : 1);
          for (String status : statuses) {
            double share = status.equals("200") ? 1 : status.equals("404") ? 0.05 : 0.01 * (s % 7 == 3 ? 8 : 1);
            int combo = combos.size();
            combos.add(new double[] {routeWeight * share * (0.5 + random.nextDouble()), routeMedian});
            String[] common = with(base, "method", METHODS[r], "route", ROUTES[r], "status_code", status);
            for (int b = 0; b <= LE.length && n < series; b++) {
              aux[n] = b;
              n = add(n, BUCKET, combo, instances, with(common, "__name__", "http_server_request_duration_seconds_bucket",
                  "le", b == LE.length ? "+Inf" : Double.toString(LE[b])));
            }
            if (n < series) {
              n = add(n, SUM, combo, instances, with(common, "__name__", "http_server_request_duration_seconds_sum"));
            }
            if (n < series) {
              n = add(n, COUNT, combo, instances, with(common, "__name__", "http_server_request_duration_seconds_count"));
            }
            if (n < series) {
              n = add(n, REQUESTS, combo, instances, with(common, "__name__", "http_server_requests_total"));
            }
          }
        }
        if (n < series) {
          n = add(n, MEMORY, instances, instances, with(base, "__name__", "process_resident_memory_bytes"));
        }
        if (n < series) {
          n = add(n, CPU, instances, instances, with(base, "__name__", "process_cpu_seconds_total"));
        }
        for (String q : new String[] {"ingest", "outbound"}) {
          if (n < series) {
            aux[n] = q.equals("ingest") ? 0 : 1;
            n = add(n, QUEUE, instances, instances, with(base, "__name__", "queue_depth", "queue", q));
          }
        }
        if (n < series) {
          n = add(n, UP, instances, instances, with(base, "__name__", "up"));
        }
      }
    }
    rate = new double[combos.size()];
    median = new double[combos.size()];
    buckets = new long[combos.size()][LE.length + 1];
    sum = new double[combos.size()];
    for (int c = 0; c < combos.size(); c++) {
      rate[c] = combos.get(c)[0];
      median[c] = combos.get(c)[1];
    }
    instanceOffsetMs = new int[instances];
    memory = new double[instances];
    cpu = new double[instances];
    queue = new double[instances][2];
    for (int i = 0; i < instances; i++) {
      instanceOffsetMs[i] = random.nextInt((int) Math.max(1, intervalMs));
      memory[i] = (150 + random.nextInt(300)) * 1048576.0;
      cpu[i] = random.nextInt(10_000) / 100.0;
    }
    scrapeTime = new long[instances];
    values = new double[series];
  }

  private int add(int n, byte k, int ownerIndex, int instance, String[] pairs) {
    kind[n] = k;
    owner[n] = ownerIndex;
    instanceOf[n] = instance;
    labels.add(sorted(pairs));
    return n + 1;
  }

  private static String[] with(String[] base, String... more) {
    String[] out = new String[base.length + more.length];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  /** Name/value pairs sorted by name, as remote-write requires. */
  private static String[] sorted(String[] pairs) {
    int n = pairs.length / 2;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> pairs[2 * a].compareTo(pairs[2 * b]));
    String[] out = new String[pairs.length];
    for (int i = 0; i < n; i++) {
      out[2 * i] = pairs[2 * idx[i]];
      out[2 * i + 1] = pairs[2 * idx[i] + 1];
    }
    return out;
  }

  public int seriesCount() {
    return kind.length;
  }

  /** Label name/value pairs of series {@code i}, sorted by name, {@code __name__} among them. */
  public String[] labels(int i) {
    return labels.get(i);
  }

  /** Advances to the next scrape (the first call gives scrape 0) and computes every series' value. */
  public void nextScrape() {
    scrape++;
    for (int i = 0; i < scrapeTime.length; i++) {
      scrapeTime[i] = startMs + scrape * intervalMs + instanceOffsetMs[i] + random.nextInt(3);
      memory[i] = Math.max(64 * 1048576.0, memory[i] + (random.nextInt(129) - 64) * 4096.0);
      cpu[i] = Math.round((cpu[i] + intervalMs / 1000.0 * (0.05 + 0.5 * random.nextDouble())) * 100) / 100.0;
      for (int q = 0; q < 2; q++) {
        queue[i][q] = Math.max(0, queue[i][q] + random.nextInt(7) - 3);
      }
    }
    for (int c = 0; c < rate.length; c++) {
      long requests = (long) Math.floor(rate[c] * intervalMs / 1000.0 * (0.7 + 0.6 * random.nextDouble())
          + random.nextDouble());
      long[] b = buckets[c];
      long prev = 0;
      for (int k = 0; k < LE.length; k++) {
        double z = (Math.log(LE[k]) - Math.log(median[c])) / 0.8;
        long inc = Math.min(requests, Math.max(prev, Math.round(requests * normalCdf(z) + random.nextDouble() - 0.5)));
        b[k] += inc - (k == 0 ? 0 : prev);
        prev = inc;
      }
      b[LE.length] += requests - prev;
      // b[k] holds bucket k's own (not cumulative-in-le) count so far; cumulative() sums on read.
      sum[c] += requests * median[c] * Math.exp(0.32) * (0.9 + 0.2 * random.nextDouble());
    }
    for (int i = 0; i < values.length; i++) {
      int o = owner[i];
      values[i] = switch (kind[i]) {
        case BUCKET -> cumulative(buckets[o], aux[i]);
        case SUM -> sum[o];
        case COUNT, REQUESTS -> cumulative(buckets[o], LE.length);
        case MEMORY -> memory[o];
        case CPU -> cpu[o];
        case QUEUE -> queue[o][aux[i]];
        default -> 1;
      };
    }
  }

  private static double cumulative(long[] perBucket, int upTo) {
    long n = 0;
    for (int k = 0; k <= upTo; k++) {
      n += perBucket[k];
    }
    return n;
  }

  /** The current scrape's value of series {@code i}. */
  public double value(int i) {
    return values[i];
  }

  /** The current scrape's timestamp of series {@code i}, milliseconds. */
  public long timestamp(int i) {
    return scrapeTime[instanceOf[i]];
  }

  /** Abramowitz–Stegun 26.2.17; plenty for shaping a latency distribution. */
  private static double normalCdf(double z) {
    double t = 1 / (1 + 0.2316419 * Math.abs(z));
    double d = 0.3989423 * Math.exp(-z * z / 2);
    double p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
    return z > 0 ? 1 - p : p;
  }
}
