package dev.sightline.pipeline.spanmetrics.internal;

import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.metric.Labels;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Service-graph edges from pairs of spans, as the Collector's servicegraph connector derives them: a
 * CLIENT (or PRODUCER) span and the SERVER (or CONSUMER) span whose parent it is form one request from
 * the client's service to the server's. Whichever half arrives first waits in a bounded store, keyed by
 * trace id and the client's span id, until its pair arrives or its wait expires (both counted). Not
 * thread-safe: the owner locks.
 */
public final class ServiceGraph {
  public static final String REQUEST_TOTAL = "traces_service_graph_request_total";
  public static final String REQUEST_FAILED_TOTAL = "traces_service_graph_request_failed_total";
  public static final String REQUEST_SERVER_SECONDS = "traces_service_graph_request_server_seconds";
  public static final String REQUEST_CLIENT_SECONDS = "traces_service_graph_request_client_seconds";

  private record Half(boolean client, String service, double seconds, boolean failed, boolean messaging,
                      long expiresAtMs) {}

  private static final class Edge {
    long requests;
    long failed;
    final Histogram server;
    final Histogram client;

    Edge(double[] bounds) {
      server = new Histogram(bounds);
      client = new Histogram(bounds);
    }
  }

  private final double[] bounds;
  private final int maxPending;
  private final long waitMs;
  private final LinkedHashMap<String, Half> pending = new LinkedHashMap<>();
  private final Map<Labels, Edge> edges = new HashMap<>();
  private long paired;
  private long expired;
  private long droppedPending;
  private long droppedEdges;

  public ServiceGraph(double[] bounds, int maxPending, long waitMs) {
    this.bounds = bounds;
    this.maxPending = maxPending;
    this.waitMs = waitMs;
  }

  /** Offers one span; {@code edgeBudget} says whether a new edge series may still be created. */
  public void accept(Span s, long nowMs, boolean edgeBudget) {
    boolean client = s.kind() == SpanKind.CLIENT || s.kind() == SpanKind.PRODUCER;
    boolean server = s.kind() == SpanKind.SERVER || s.kind() == SpanKind.CONSUMER;
    if (!client && !server || server && s.parentSpanId().isEmpty()) {
      return;
    }
    String key = s.traceId() + ':' + (client ? s.spanId() : s.parentSpanId());
    Half mine = new Half(client, s.serviceName(), s.durationNanos() / 1e9, s.status().isError(),
        s.kind() == SpanKind.PRODUCER || s.kind() == SpanKind.CONSUMER, nowMs + waitMs);
    Half other = pending.get(key);
    if (other != null && other.client != client) {
      pending.remove(key);
      record(client ? mine : other, client ? other : mine, s, edgeBudget);
      return;
    }
    if (pending.size() >= maxPending) {
      droppedPending++;
      return;
    }
    pending.put(key, mine);
  }

  private void record(Half c, Half srv, Span latest, boolean edgeBudget) {
    paired++;
    Labels labels = Labels.of("client", c.service, "server", srv.service,
        "connection_type", c.messaging || srv.messaging ? "messaging_system" : "");
    Edge e = edges.get(labels);
    if (e == null) {
      if (!edgeBudget) {
        droppedEdges++;
        return;
      }
      e = new Edge(bounds);
      edges.put(labels, e);
    }
    e.requests++;
    if (c.failed || srv.failed) {
      e.failed++;
    }
    long t = latest.endEpochNanos() / 1_000_000;
    e.server.observe(srv.seconds, latest.traceId(), "", t);
    e.client.observe(c.seconds, latest.traceId(), "", t);
  }

  /** Forgets halves whose wait is over; insertion order is expiry order, so this stops early. */
  public void expire(long nowMs) {
    Iterator<Half> it = pending.values().iterator();
    while (it.hasNext()) {
      Half h = it.next();
      if (h.expiresAtMs > nowMs) {
        break;
      }
      it.remove();
      expired++;
    }
  }

  public void write(Samples.Sink sink) {
    edges.forEach((labels, e) -> {
      Samples.counter(sink, REQUEST_TOTAL, labels, e.requests);
      Samples.counter(sink, REQUEST_FAILED_TOTAL, labels, e.failed);
      Samples.histogram(sink, REQUEST_SERVER_SECONDS, labels, bounds, e.server);
      Samples.histogram(sink, REQUEST_CLIENT_SECONDS, labels, bounds, e.client);
    });
  }

  public int edgeCount() {
    return edges.size();
  }

  public int pendingCount() {
    return pending.size();
  }

  public long paired() {
    return paired;
  }

  public long expired() {
    return expired;
  }

  public long droppedPending() {
    return droppedPending;
  }

  public long droppedEdges() {
    return droppedEdges;
  }
}
