package dev.sightline.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.alerting.notify.Ack;
import dev.sightline.alerting.notify.Silence;
import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.alerting.rules.AlertStatus;
import dev.sightline.alerting.rules.RuleGroupStatus;
import dev.sightline.alerting.rules.RuleStatus;
import dev.sightline.server.config.DurationText;
import dev.sightline.server.http.ApiParams;
import dev.sightline.server.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerting APIs: Prometheus's {@code /api/v1/rules} and {@code /api/v1/alerts} (so Grafana's
 * alerting views work), and Sightline's own {@code /api/alerts} (notification groups with silence,
 * inhibition and acknowledgement state), {@code /api/silences} (Alertmanager-shaped, plus recurring
 * schedules), {@code /api/alerts/{fingerprint}/ack}, {@code /api/alerts/history},
 * {@code /api/alerts/noise}, {@code /api/alerts/receivers} and {@code POST /-/reload}.
 */
public final class AlertsApi {
  private final Alerting alerting;
  private final Clock clock;

  public AlertsApi(Alerting alerting, Clock clock) {
    this.alerting = alerting;
    this.clock = clock;
  }

  public void bind(ServerBuilder sb) {
    sb.route().get("/api/v1/rules").build((ctx, req) -> Json.ok(Map.of("status", "success",
        "data", Map.of("groups", alerting.rules().groups().stream().map(AlertsApi::group).toList()))));
    sb.route().get("/api/v1/alerts").build((ctx, req) -> Json.ok(Map.of("status", "success",
        "data", Map.of("alerts", alerting.rules().alerts().stream().map(AlertsApi::alert).toList()))));
    sb.route().get("/api/alerts").build((ctx, req) -> Json.ok(Map.of(
        "groups", alerting.dispatcher().groups(),
        "rules", alerting.rules().alerts().stream().map(AlertsApi::alert).toList())));
    sb.route().get("/api/silences").build((ctx, req) -> {
      Instant now = clock.instant();
      List<Map<String, Object>> out = new ArrayList<>();
      for (Silence s : alerting.dispatcher().silences().list()) {
        Map<String, Object> m = new LinkedHashMap<>(Json.MAPPER.convertValue(s, Map.class));
        m.put("status", Map.of("state", s.state(now).name().toLowerCase()));
        out.add(m);
      }
      return Json.ok(out);
    });
    sb.route().post("/api/silences").build((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg -> {
      try {
        Silence created = alerting.dispatcher().silences().create(silence(Json.MAPPER.readTree(agg.contentUtf8())));
        return Json.ok(Map.of("silenceID", created.id(), "silence", created));
      } catch (IllegalArgumentException | java.io.IOException e) {
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      }
    })));
    sb.route().delete("/api/silences/{id}").build((ctx, req) -> alerting.dispatcher().silences()
        .expire(ctx.pathParam("id")) ? Json.ok(Map.of("expired", ctx.pathParam("id")))
        : Json.error(HttpStatus.NOT_FOUND, "no active silence " + ctx.pathParam("id")));
    sb.route().post("/api/alerts/{fingerprint}/ack").build((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg -> {
      try {
        JsonNode body = agg.contentUtf8().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(agg.contentUtf8());
        String by = body.path("by").asText("");
        if (by.isBlank()) {
          return Json.error(HttpStatus.BAD_REQUEST, "by: say who acknowledges (a name or handle)");
        }
        Duration ttl = body.hasNonNull("ttl") ? DurationText.parse(body.get("ttl").asText()) : null;
        Ack ack = alerting.dispatcher().ack(ctx.pathParam("fingerprint"), by, body.path("comment").asText(""), ttl);
        return Json.ok(ack);
      } catch (IllegalArgumentException | java.io.IOException e) {
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      }
    })));
    sb.route().delete("/api/alerts/{fingerprint}/ack").build((ctx, req) -> alerting.dispatcher()
        .unack(ctx.pathParam("fingerprint"), ctx.queryParam("by") == null ? "" : ctx.queryParam("by"))
        ? Json.ok(Map.of("unacked", ctx.pathParam("fingerprint")))
        : Json.error(HttpStatus.NOT_FOUND, "alert " + ctx.pathParam("fingerprint") + " is not acknowledged"));
    sb.route().get("/api/alerts/history").build((ctx, req) -> {
      Instant to = ctx.queryParam("end") == null ? clock.instant() : nanos(ApiParams.timeNanos("end", ctx.queryParam("end")));
      Instant from = ctx.queryParam("start") == null ? to.minus(Duration.ofDays(7))
          : nanos(ApiParams.timeNanos("start", ctx.queryParam("start")));
      int limit = ApiParams.limit("limit", ctx.queryParam("limit"), 500, 100_000);
      return Json.ok(Map.of("events", alerting.dispatcher().history().query(from, to, ctx.queryParam("alertname"),
          ctx.queryParam("receiver"), limit)));
    });
    sb.route().get("/api/alerts/noise").build((ctx, req) -> {
      Duration window = ctx.queryParam("window") == null ? Duration.ofDays(7) : DurationText.parse(ctx.queryParam("window"));
      return Json.ok(Map.of("window", DurationText.format(window), "rules", alerting.dispatcher().noise(window)));
    });
    sb.route().get("/api/alerts/receivers").build((ctx, req) -> {
      List<Object> stats = new ArrayList<>(alerting.dispatcher().stats());
      alerting.forwarders().forEach(f -> stats.add(f.stats()));
      return Json.ok(Map.of("receivers", stats));
    });
    sb.route().methods(HttpMethod.POST, HttpMethod.PUT).path("/-/reload").build((ctx, req) ->
        HttpResponse.of(() -> {
          String error = alerting.reload();
          return error.isEmpty() ? Json.ok(Map.of("status", "reloaded"))
              : Json.error(HttpStatus.BAD_REQUEST, "kept the previous configuration: " + error);
        }, ctx.blockingTaskExecutor()));
  }

  private static Instant nanos(long n) {
    return Instant.ofEpochSecond(0, n);
  }

  /**
   * A silence request: Alertmanager's shape ({@code matchers: [{name, value, isRegex, isEqual}]}) or
   * ours ({@code op: "=" | "!=" | "=~" | "!~"}); {@code schedule} in the {@code time_intervals} syntax
   * of Alertmanager makes it recurring, e.g.
   * {@code {"weekdays": ["sunday"], "times": [{"start_time": "02:00", "end_time": "04:00"}]}}.
   */
  Silence silence(JsonNode b) {
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : b.path("matchers")) {
      String name = m.path("name").asText("");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("matchers: every matcher needs a name");
      }
      Matcher.Op op;
      if (m.has("op")) {
        op = switch (m.get("op").asText()) {
          case "=", "EQ" -> Matcher.Op.EQ;
          case "!=", "NE" -> Matcher.Op.NE;
          case "=~", "RE" -> Matcher.Op.RE;
          case "!~", "NRE" -> Matcher.Op.NRE;
          default -> throw new IllegalArgumentException("matchers: op must be =, !=, =~ or !~, got " + m.get("op"));
        };
      } else {
        boolean regex = m.path("isRegex").asBoolean(false);
        boolean equal = m.path("isEqual").asBoolean(true);
        op = regex ? (equal ? Matcher.Op.RE : Matcher.Op.NRE) : (equal ? Matcher.Op.EQ : Matcher.Op.NE);
      }
      matchers.add(Matcher.of(name, op, m.path("value").asText("")));
    }
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("matchers: a silence needs at least one matcher");
    }
    Instant now = clock.instant();
    Instant starts = b.hasNonNull("startsAt") ? Instant.parse(b.get("startsAt").asText()) : now;
    Instant ends = b.hasNonNull("endsAt") ? Instant.parse(b.get("endsAt").asText())
        : b.hasNonNull("duration") ? starts.plus(DurationText.parse(b.get("duration").asText())) : null;
    if (ends == null) {
      throw new IllegalArgumentException("endsAt: a silence needs an end (endsAt, or a duration such as 2h)");
    }
    List<TimeInterval.Spec> schedule = List.of();
    if (b.hasNonNull("schedule")) {
      schedule = schedule(b.get("schedule"));
    }
    return new Silence("new", matchers, starts, ends, b.path("createdBy").asText(""), b.path("comment").asText(""),
        schedule);
  }

  /** Parses a schedule with the notification configuration's own time_intervals parser. */
  private static List<TimeInterval.Spec> schedule(JsonNode schedule) {
    try {
      JsonNode list = schedule.isArray() ? schedule : Json.MAPPER.createArrayNode().add(schedule);
      String yaml = "route: {receiver: r}\nreceivers: [{name: r}]\ntime_intervals:\n  - name: s\n    time_intervals: "
          + Json.MAPPER.writeValueAsString(list) + "\n";
      return NotifyConfigParser.parse(yaml, "schedule").timeIntervals().get("s").specs();
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("schedule: " + e.getMessage());
    }
  }

  private static Map<String, Object> group(RuleGroupStatus g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", g.name());
    m.put("file", g.file());
    m.put("rules", g.rules().stream().map(AlertsApi::rule).toList());
    m.put("interval", g.intervalSeconds());
    m.put("limit", g.limit());
    m.put("evaluationTime", g.evaluationTimeSeconds());
    m.put("lastEvaluation", time(g.lastEvaluation()));
    return m;
  }

  private static Map<String, Object> rule(RuleStatus r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.state() != null) {
      m.put("state", r.state());
    }
    m.put("name", r.name());
    m.put("query", r.query());
    if (r.type().equals("alerting")) {
      m.put("duration", r.durationSeconds());
      m.put("keepFiringFor", r.keepFiringForSeconds());
      m.put("annotations", r.annotations());
      m.put("alerts", r.alerts().stream().map(AlertsApi::alert).toList());
    }
    m.put("labels", r.labels());
    m.put("health", r.health());
    m.put("lastError", r.lastError() == null ? "" : r.lastError());
    m.put("evaluationTime", r.evaluationTimeSeconds());
    m.put("lastEvaluation", time(r.lastEvaluation()));
    m.put("type", r.type());
    return m;
  }

  private static Map<String, Object> alert(AlertStatus a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", a.labels());
    m.put("annotations", a.annotations());
    m.put("state", a.state());
    m.put("activeAt", time(a.activeAt()));
    if (a.keepFiringSince() != null) {
      m.put("keepFiringSince", time(a.keepFiringSince()));
    }
    m.put("value", a.value());
    return m;
  }

  private static String time(Instant t) {
    return t == null ? "0001-01-01T00:00:00Z" : t.toString();
  }
}
