package dev.sightline.server.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import dev.sightline.server.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/health/targets}: every probed target's state, last attempt and recent history, for
 * the Health page; {@code GET /api/health/targets/{name}}: one service's probes (live and ready together).
 * {@link #bind} also ties the prober's life to the HTTP server's: it starts when the server has started
 * and stops when the server stops.
 */
public final class ProbeApi {
  private final Prober prober;

  public ProbeApi(Prober prober) {
    this.prober = prober;
  }

  /** Binds the API on {@code http} and starts/stops {@code prober} with the server. */
  public static void bind(ServerBuilder http, Prober prober) {
    ProbeApi api = new ProbeApi(prober);
    http.route().get("/api/health/targets").build((ctx, req) -> Json.ok(Map.of("targets", api.targets())));
    http.route().get("/api/health/targets/{name}").build((ctx, req) -> {
      String name = ctx.pathParam("name");
      List<Map<String, Object>> probes = api.targets().stream().filter(t -> name.equals(t.get("name"))).toList();
      return probes.isEmpty()
          ? Json.error(HttpStatus.NOT_FOUND, "no probes for service '" + name + "'")
          : Json.ok(Map.of("name", name, "state", overall(probes), "probes", probes));
    });
    http.serverListener(ServerListener.builder()
        .whenStarted(server -> prober.start())
        .whenStopping(server -> prober.close())
        .build());
  }

  /** DOWN when any probe is DOWN, UP when all are UP, otherwise UNKNOWN. */
  private static String overall(List<Map<String, Object>> probes) {
    if (probes.stream().anyMatch(p -> "DOWN".equals(p.get("state")))) {
      return "DOWN";
    }
    return probes.stream().allMatch(p -> "UP".equals(p.get("state"))) ? "UP" : "UNKNOWN";
  }

  /** The JSON shape of each target, in configuration order. */
  public List<Map<String, Object>> targets() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TargetHealth.Snapshot s : prober.snapshots()) {
      ProbeTarget t = s.target();
      ProbeResult last = s.last();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("kind", t.kind().label());
      m.put("url", t.url().toString());
      m.put("instance", t.instance());
      m.put("labels", t.labels());
      m.put("period_seconds", t.period().toMillis() / 1000.0);
      m.put("timeout_seconds", t.timeout().toMillis() / 1000.0);
      m.put("state", s.state().name());
      m.put("consecutive_failures", s.consecutiveFailures());
      m.put("consecutive_successes", s.consecutiveSuccesses());
      m.put("skipped", s.skipped());
      m.put("last_checked", last == null ? null : Instant.ofEpochMilli(last.timeMs()).toString());
      m.put("last_success", last == null ? null : last.success());
      m.put("last_status_code", last == null ? null : last.statusCode());
      m.put("last_duration_seconds", last == null ? null : last.durationSeconds());
      m.put("last_error", last == null ? null : last.error());
      m.put("last_failure_body", body(s.lastFailureBody()));
      List<Map<String, Object>> history = new ArrayList<>();
      for (ProbeResult r : s.history()) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("time", Instant.ofEpochMilli(r.timeMs()).toString());
        h.put("success", r.success());
        h.put("status_code", r.statusCode());
        h.put("duration_seconds", r.durationSeconds());
        h.put("error", r.error());
        history.add(h);
      }
      m.put("history", history);
      out.add(m);
    }
    return out;
  }

  /** The kit's JSON report as JSON when it parses (whole), else the text as received (maybe truncated). */
  private static Object body(String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node == null ? text : node;
    } catch (java.io.IOException e) {
      return text;
    }
  }
}
