package dev.sightline.bench.internal;

import dev.sightline.bench.internal.BenchSpan.Event;
import dev.sightline.bench.internal.BenchSpan.Kind;
import dev.sightline.bench.internal.BenchSpan.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds realistic traces from a seed: a web front end calling a handful of services over HTTP, each
 * of which may call Postgres or Redis, 5 to 20 spans per trace, semantic-convention attributes, and
 * about 3% of traces carrying an error (500s up the call chain, an {@code exception} event at the
 * cause). The same seed gives the same traces, so two targets can be sent identical load.
 *
 * <p>Not thread-safe: one generator per producing thread.
 */
public final class TraceGenerator {
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] USER_AGENTS = {
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
      "okhttp/4.12.0"};
  private static final String[] SQL = {
      "SELECT id, sku, qty FROM cart_items WHERE cart_id = $1",
      "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2",
      "INSERT INTO orders (id, user_id, total) VALUES ($1, $2, $3)",
      "SELECT id, email, tier FROM users WHERE id = $1"};
  private static final String[] REDIS = {"GET", "SET", "HGETALL", "EXPIRE"};

  private final SplittableRandom random;
  private final List<Service> services;
  private final long baseNanos;
  private long clockNanos;

  private TraceGenerator(long seed, long baseNanos) {
    this.random = new SplittableRandom(seed);
    this.baseNanos = baseNanos;
    this.services = List.of(
        service("frontend", "frontend-7d9f", 8080, "nodejs"),
        service("checkout", "checkout-5b2c", 8080, "java"),
        service("cart", "cart-66f1", 8080, "go"),
        service("payment", "payment-1a0e", 8443, "java"),
        service("inventory", "inventory-9c3d", 8080, "python"),
        service("users", "users-42ab", 8080, "java"));
  }

  /** Traces start at {@code baseNanos} (Unix epoch nanoseconds) and advance about a millisecond each. */
  public static TraceGenerator of(long seed, long baseNanos) {
    return new TraceGenerator(seed, baseNanos);
  }

  public List<Service> services() {
    return services;
  }

  /** The next trace: its spans, root first, each parent before its children. */
  public List<BenchSpan> next() {
    byte[] traceId = bytes(16);
    int target = 5 + random.nextInt(16);
    boolean failing = random.nextInt(100) < 3;
    clockNanos += 200_000 + random.nextInt(1_600_000);
    long start = baseNanos + clockNanos;
    long duration = 2_000_000L + random.nextLong(400_000_000L);
    List<Node> nodes = new ArrayList<>(target);
    Service front = services.get(0);
    String route = pick(new String[] {"/api/cart", "/api/checkout", "/api/products/{id}", "/api/user/profile"});
    nodes.add(serverNode(front, null, METHODS[random.nextInt(METHODS.length)], route, start, duration, true));
    while (nodes.size() < target) {
      Node parent = pickServer(nodes);
      int choice = random.nextInt(10);
      if (choice < 5 && nodes.size() + 2 <= target) {
        Service callee = services.get(1 + random.nextInt(services.size() - 1));
        if (callee == parent.service) {
          continue;
        }
        long[] w = window(parent);
        Node client = clientNode(parent, callee, w[0], w[1]);
        nodes.add(client);
        long inner = Math.max(1_000, w[1] - 200_000 - random.nextInt(100_000));
        nodes.add(serverNode(callee, client, client.method, "/v1/" + callee.name() + "/{id}",
            w[0] + (w[1] - inner) / 2, inner, false));
      } else if (choice < 8) {
        long[] w = window(parent);
        nodes.add(dbNode(parent, random.nextBoolean(), w[0], w[1]));
      } else {
        long[] w = window(parent);
        nodes.add(internalNode(parent, w[0], w[1]));
      }
    }
    if (failing) {
      markError(nodes);
    }
    List<BenchSpan> spans = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      spans.add(n.toSpan(traceId));
    }
    return spans;
  }

  private void markError(List<Node> nodes) {
    Node cause = nodes.get(nodes.size() - 1);
    cause.error = "connection reset by peer";
    cause.exception = cause.start + (cause.duration / 2);
    for (Node n = cause.parent; n != null; n = n.parent) {
      n.error = "HTTP 500";
      n.status = 500;
    }
  }

  private Node pickServer(List<Node> nodes) {
    while (true) {
      Node n = nodes.get(random.nextInt(nodes.size()));
      if (n.kind == Kind.SERVER) {
        return n;
      }
    }
  }

  /** A start and duration inside the parent's span, so that children nest as real ones do. */
  private long[] window(Node parent) {
    long offset = (long) (parent.duration * random.nextDouble() * 0.6);
    long length = Math.max(10_000, (long) ((parent.duration - offset) * (0.1 + random.nextDouble() * 0.8)));
    return new long[] {parent.start + offset, length};
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  private static Service service(String name, String host, int port, String language) {
    Map<String, String> resource = new LinkedHashMap<>();
    resource.put("service.name", name);
    resource.put("service.version", "1.4." + name.length());
    resource.put("service.namespace", "shop");
    resource.put("deployment.environment.name", "production");
    resource.put("host.name", host);
    resource.put("telemetry.sdk.language", language);
    resource.put("telemetry.sdk.name", "opentelemetry");
    return new Service(name, host, port, resource);
  }

  /** A span under construction; the generator's random source fills its attributes. */
  private final class Node {
    final Service service;
    final Node parent;
    final Kind kind;
    final String name;
    final long start;
    final long duration;
    final byte[] spanId = bytes(8);
    final Map<String, Object> attributes = new LinkedHashMap<>();
    String method;
    int status;
    String error;
    long exception;

    private Node(Service service, Node parent, Kind kind, String name, long start, long duration) {
      this.service = service;
      this.parent = parent;
      this.kind = kind;
      this.name = name;
      this.start = start;
      this.duration = duration;
    }

    BenchSpan toSpan(byte[] traceId) {
      if (kind == Kind.SERVER || (kind == Kind.CLIENT && method != null)) {
        attributes.put("http.response.status_code", (long) status);
      }
      List<Event> events = List.of();
      if (exception != 0) {
        Map<String, Object> ea = new LinkedHashMap<>();
        ea.put("exception.type", "java.net.SocketException");
        ea.put("exception.message", error);
        events = List.of(new Event(exception, "exception", ea));
      }
      return new BenchSpan(traceId, spanId, parent == null ? null : parent.spanId, service, name, kind, start,
          start + duration, error != null, error, attributes, events);
    }
  }

  private Node serverNode(Service s, Node parent, String method, String route, long start, long duration, boolean edge) {
    Node n = new Node(s, parent, Kind.SERVER, method + " " + route, start, duration);
    n.method = method;
    n.status = method.equals("POST") ? 201 : 200;
    n.attributes.put("http.request.method", method);
    n.attributes.put("http.route", route);
    n.attributes.put("url.path", route.replace("{id}", Integer.toString(random.nextInt(100_000))));
    n.attributes.put("url.scheme", s.port() == 8443 ? "https" : "http");
    n.attributes.put("server.address", s.host());
    n.attributes.put("server.port", (long) s.port());
    n.attributes.put("network.protocol.version", "1.1");
    if (edge) {
      n.attributes.put("user_agent.original", USER_AGENTS[random.nextInt(USER_AGENTS.length)]);
      n.attributes.put("client.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256));
      n.attributes.put("app.user_id", "u-" + random.nextInt(50_000));
    }
    return n;
  }

  private Node clientNode(Node parent, Service callee, long start, long duration) {
    String method = METHODS[random.nextInt(METHODS.length)];
    Node n = new Node(parent.service, parent, Kind.CLIENT, method, start, duration);
    n.method = method;
    n.status = method.equals("POST") ? 201 : 200;
    n.attributes.put("http.request.method", method);
    n.attributes.put("server.address", callee.host());
    n.attributes.put("server.port", (long) callee.port());
    n.attributes.put("url.full", "http://" + callee.host() + ":" + callee.port() + "/v1/" + callee.name() + "/"
        + random.nextInt(100_000));
    n.attributes.put("peer.service", callee.name());
    return n;
  }

  private Node dbNode(Node parent, boolean postgres, long start, long duration) {
    Node n;
    if (postgres) {
      String sql = SQL[random.nextInt(SQL.length)];
      String op = sql.substring(0, sql.indexOf(' '));
      n = new Node(parent.service, parent, Kind.CLIENT, op + " shop", start, duration);
      n.attributes.put("db.system", "postgresql");
      n.attributes.put("db.namespace", "shop");
      n.attributes.put("db.operation.name", op);
      n.attributes.put("db.query.text", sql);
      n.attributes.put("server.address", "postgres-primary");
      n.attributes.put("server.port", 5432L);
    } else {
      String op = REDIS[random.nextInt(REDIS.length)];
      n = new Node(parent.service, parent, Kind.CLIENT, op, start, duration);
      n.attributes.put("db.system", "redis");
      n.attributes.put("db.operation.name", op);
      n.attributes.put("db.namespace", "0");
      n.attributes.put("server.address", "redis-cache");
      n.attributes.put("server.port", 6379L);
    }
    n.attributes.put("peer.service", postgres ? "postgresql" : "redis");
    return n;
  }

  private Node internalNode(Node parent, long start, long duration) {
    String fn = pick(new String[] {"validate", "render", "computeTotals", "applyDiscounts", "serialize"});
    Node n = new Node(parent.service, parent, Kind.INTERNAL, fn, start, duration);
    n.attributes.put("code.function.name", parent.service.name() + "." + fn);
    n.attributes.put("app.items", (long) random.nextInt(40));
    n.attributes.put("app.cache_hit", random.nextBoolean());
    return n;
  }
}
