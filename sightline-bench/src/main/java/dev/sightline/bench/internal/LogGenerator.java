package dev.sightline.bench.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Structured log lines as services write them (one flat JSON object a line, the shape of
 * logstash-logback-encoder or python-json-logger output), from a seed: the same seed and base time give
 * the same lines, byte for byte, so one file feeds every system under test.
 *
 * <p>Requests arrive at {@code frontend} about every {@value #MEAN_GAP_MICROS} µs of log time and fan out
 * to 2–4 of the other services; every service a request passes through writes 1–3 lines with the
 * request's {@code trace_id}, its own {@code span_id} and the {@code request_id}; the last line of each
 * hop is its access line with {@code http_status} and {@code duration_ms}. Lines are emitted in time
 * order, so those of concurrent requests interleave. About 2% of requests fail: the failing hop logs an
 * {@code ERROR} with an {@code exception} text and the callers log the 500.
 *
 * <p>Field order is fixed ({@code timestamp, level, service, host, trace_id, span_id, request_id}, then
 * the rest), which the ripgrep baseline's regexes rely on. Field names are flat (no dots), so Sightline and
 * OpenSearch see the same names. Messages are built from templates with variable tokens (ids, numbers);
 * {@link #TOKENS} are words that appear only in messages, for token searches.
 */
public final class LogGenerator {
  public static final List<String> SERVICES = List.of("frontend", "checkout", "cart", "payment", "inventory", "users");
  public static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "ERROR");
  /** Words that occur only in message texts, each in a few percent of some services' lines. */
  public static final List<String> TOKENS = List.of("declined", "miss", "retrying", "reserved", "slow", "expired");
  static final long MEAN_GAP_MICROS = 400;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[][] ROUTES = {
      {"/", "/api/products/{id}", "/api/search", "/api/checkout"},       // frontend
      {"/checkout", "/checkout/{id}/confirm", "/orders/{id}"},           // checkout
      {"/cart/{id}", "/cart/{id}/items", "/cart/{id}/items/{sku}"},      // cart
      {"/payments", "/payments/{id}/capture", "/payments/{id}/refund"},  // payment
      {"/stock/{sku}", "/reservations", "/reservations/{id}"},           // inventory
      {"/users/{id}", "/users/{id}/preferences", "/sessions"}};          // users
  private static final String[] WAREHOUSES = {"eu-west-1", "eu-west-2", "us-east-1", "ap-south-1"};
  private static final String[] CARDS = {"expired card", "insufficient funds", "do not honor", "suspected fraud"};
  private static final String[] EXCEPTIONS = {
      "java.net.SocketTimeoutException: Read timed out\\n\\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\\n\\tat dev.shop.http.Client.send(Client.java:112)",
      "org.postgresql.util.PSQLException: ERROR: deadlock detected\\n\\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\\n\\tat dev.shop.db.Orders.insert(Orders.java:88)",
      "java.lang.IllegalStateException: connection pool exhausted (max 20)\\n\\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\\n\\tat dev.shop.db.Pool.get(Pool.java:41)",
      "io.lettuce.core.RedisCommandTimeoutException: Command timed out after 1 second(s)\\n\\tat io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)"};

  private final SplittableRandom random;
  private final long baseMicros;
  private final PriorityQueue<Line> pending = new PriorityQueue<>();
  private long nextRequestMicros;
  private long sequence;
  private long requests;

  private LogGenerator(long seed, long baseEpochMillis) {
    this.random = new SplittableRandom(seed);
    this.baseMicros = baseEpochMillis * 1000;
    this.nextRequestMicros = baseMicros;
  }

  /** Lines starting at {@code baseEpochMillis} (log time advances ~{@value #MEAN_GAP_MICROS} µs per request). */
  public static LogGenerator of(long seed, long baseEpochMillis) {
    return new LogGenerator(seed, baseEpochMillis);
  }

  /** Requests generated so far. */
  public long requests() {
    return requests;
  }

  /** The next line (without its newline); never ends. */
  public String next() {
    // Emit a line once no request yet to be generated could log before it.
    while (pending.isEmpty() || pending.peek().micros >= nextRequestMicros) {
      request(nextRequestMicros);
      nextRequestMicros += 1 + random.nextLong(2 * MEAN_GAP_MICROS);
    }
    return pending.poll().text;
  }

  private void request(long startMicros) {
    requests++;
    String traceId = hex(random.nextLong()) + hex(random.nextLong());
    String requestId = "req-" + Long.toString(random.nextLong() >>> 20, 36);
    long user = random.nextLong(200_000);
    boolean fails = random.nextInt(50) == 0;
    // frontend calls 2-4 distinct downstream services, one after the other
    List<Integer> hops = new ArrayList<>();
    hops.add(0);
    int calls = 2 + random.nextInt(3);
    while (hops.size() < calls + 1) {
      int s = 1 + random.nextInt(SERVICES.size() - 1);
      if (!hops.contains(s)) {
        hops.add(s);
      }
    }
    int failing = fails ? hops.get(1 + random.nextInt(calls)) : -1;
    long t = startMicros;
    long totalMs = 0;
    boolean failed = false;
    for (int i = 1; i < hops.size(); i++) {
      int s = hops.get(i);
      long ms = hopMillis(s);
      boolean thisFails = s == failing;
      hop(s, traceId, requestId, user, t + 200, ms, thisFails, false);
      t += (ms + 1) * 1000;
      totalMs += ms + 1;
      if (thisFails) {
        failed = true;
        break;
      }
    }
    hop(0, traceId, requestId, user, startMicros, totalMs + 1, false, failed);
  }

  /** One service's lines for one request: 0-2 message lines, then the access line. */
  private void hop(int s, String traceId, String requestId, long user, long startMicros, long ms, boolean fails,
                   boolean upstreamFailed) {
    String service = SERVICES.get(s);
    String host = service + "-" + Long.toString(0x7f00 + s * 16 + random.nextInt(4), 16) + "-" + random.nextInt(3);
    String spanId = hex(random.nextLong());
    String method = METHODS[random.nextInt(METHODS.length)];
    String[] routes = ROUTES[s];
    String route = routes[random.nextInt(routes.length)];
    int extra = random.nextInt(3);
    long t = startMicros;
    long step = Math.max(1, ms * 1000 / (extra + 2));
    for (int i = 0; i < extra; i++) {
      t += 1 + random.nextLong(step);
      String[] lm = message(s, user);
      add(t, lm[0], service, host, traceId, spanId, requestId, null, null, -1, -1, user, lm[1], null);
    }
    long end = startMicros + ms * 1000;
    if (fails) {
      String ex = EXCEPTIONS[random.nextInt(EXCEPTIONS.length)];
      String msg = s == 3 ? "payment declined: " + CARDS[random.nextInt(CARDS.length)] + " for order ord-"
          + Long.toString(random.nextLong() >>> 24, 36) : "request failed: " + ex.substring(0, ex.indexOf(':'));
      add(end - 1, "ERROR", service, host, traceId, spanId, requestId, method, route, 500, ms, user, msg, ex);
    } else {
      int status = upstreamFailed ? 500 : random.nextInt(40) == 0 ? 404 : 200;
      String level = status == 500 ? "ERROR" : status == 404 || ms > 800 ? "WARN" : "INFO";
      String msg = method + " " + route.replace("{id}", Long.toString(random.nextLong(1_000_000)))
          .replace("{sku}", "sku-" + random.nextInt(50_000)) + " completed with " + status + " in " + ms + " ms";
      add(end, level, service, host, traceId, spanId, requestId, method, route, status, ms, user, msg, null);
    }
  }

  private long hopMillis(int s) {
    // log-normal-ish: mostly tens of ms, a long tail to seconds
    double base = switch (s) {
      case 3 -> 120;
      case 4 -> 40;
      case 1 -> 60;
      default -> 15;
    };
    double v = base * Math.exp(random.nextGaussian() * 0.8);
    return Math.max(1, Math.min(30_000, Math.round(v)));
  }

  /** A message line of service {@code s}: {level, text}. */
  private String[] message(int s, long user) {
    int r = random.nextInt(100);
    String sku = "sku-" + random.nextInt(50_000);
    return switch (s) {
      case 0 -> r < 60 ? new String[] {"DEBUG", "rendering page for user u-" + user + " with " + random.nextInt(40)
          + " items"} : r < 90 ? new String[] {"INFO", "session s-" + Long.toString(random.nextLong() >>> 16, 36)
          + " authenticated for user u-" + user} : new String[] {"WARN", "slow upstream response from checkout after "
          + (800 + random.nextInt(2000)) + " ms"};
      case 1 -> r < 70 ? new String[] {"INFO", "created order ord-" + Long.toString(random.nextLong() >>> 24, 36)
          + " with " + (1 + random.nextInt(8)) + " lines total " + random.nextInt(500) + "." + random.nextInt(10)
          + random.nextInt(10) + " EUR"} : new String[] {"WARN", "retrying call to payment attempt "
          + (2 + random.nextInt(3))};
      case 2 -> r < 50 ? new String[] {"DEBUG", "cache miss for key cart:" + user} : new String[] {"INFO",
          "user u-" + user + " added item " + sku + " to cart quantity " + (1 + random.nextInt(5))};
      case 3 -> r < 80 ? new String[] {"INFO", "payment authorized for order ord-"
          + Long.toString(random.nextLong() >>> 24, 36) + " amount " + random.nextInt(900) + " EUR"}
          : r < 95 ? new String[] {"WARN", "card expired for user u-" + user + " fallback to saved method"}
          : new String[] {"WARN", "payment declined by issuer code " + (51 + random.nextInt(10))};
      case 4 -> r < 85 ? new String[] {"INFO", "reserved " + (1 + random.nextInt(5)) + " units of " + sku
          + " in warehouse " + WAREHOUSES[random.nextInt(WAREHOUSES.length)]} : new String[] {"WARN",
          "slow query on table stock took " + (300 + random.nextInt(1500)) + " ms"};
      default -> r < 70 ? new String[] {"DEBUG", "loaded profile of user u-" + user + " from cache"}
          : new String[] {"INFO", "cache miss for key user:" + user + " loading from database"};
    };
  }

  private void add(long micros, String level, String service, String host, String traceId, String spanId,
                   String requestId, String method, String route, int status, long durationMs, long user,
                   String message, String exception) {
    StringBuilder b = new StringBuilder(360);
    b.append("{\"timestamp\":\"").append(ISO.format(Instant.ofEpochSecond(micros / 1_000_000,
        (micros % 1_000_000) / 1000 * 1_000_000))).append('"');
    b.append(",\"level\":\"").append(level).append('"');
    b.append(",\"service\":\"").append(service).append('"');
    b.append(",\"host\":\"").append(host).append('"');
    b.append(",\"trace_id\":\"").append(traceId).append('"');
    b.append(",\"span_id\":\"").append(spanId).append('"');
    b.append(",\"request_id\":\"").append(requestId).append('"');
    if (method != null) {
      b.append(",\"http_method\":\"").append(method).append('"');
      b.append(",\"http_route\":\"").append(route).append('"');
      b.append(",\"http_status\":").append(status);
      b.append(",\"duration_ms\":").append(durationMs);
    }
    b.append(",\"user_id\":\"u-").append(user).append('"');
    b.append(",\"message\":\"").append(message).append('"');
    if (exception != null) {
      b.append(",\"exception\":\"").append(exception).append('"');
    }
    b.append('}');
    pending.add(new Line(micros, sequence++, b.toString()));
  }

  private static String hex(long v) {
    String h = Long.toHexString(v);
    return "0".repeat(16 - h.length()) + h;
  }

  private record Line(long micros, long seq, String text) implements Comparable<Line> {
    @Override
    public int compareTo(Line o) {
      int c = Long.compare(micros, o.micros);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

}
