package dev.sightline.instrument.health;

import dev.sightline.instrument.health.internal.JsonWriter;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one probe: an overall status and the result of every check that went into it.
 *
 * <p>Its JSON form ({@link #toJson()}), served by the HTTP adapters:
 * <pre>{@code
 * {"status":"DEGRADED","probe":"ready","checks":[
 *   {"name":"database","status":"UP","durationMs":3,"error":null,"critical":true,"checkedAt":"2026-..."},
 *   {"name":"rates-api","status":"DOWN","durationMs":2000,"error":"timed out after 2s","critical":false,...}]}
 * }</pre>
 *
 * @param probe the probe answered
 * @param status UP, DEGRADED (only non-critical checks down) or DOWN
 * @param checks the results, in registration order (startup checks first while startup is pending)
 */
public record HealthReport(CheckKind probe, HealthStatus status, List<CheckResult> checks) {

  public HealthReport {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
  }

  /** The overall status of a set of results: DOWN if a critical one is down, DEGRADED if any is, else UP. */
  public static HealthStatus aggregate(List<CheckResult> results) {
    HealthStatus status = HealthStatus.UP;
    for (CheckResult r : results) {
      if (!r.isUp()) {
        if (r.critical()) {
          return HealthStatus.DOWN;
        }
        status = HealthStatus.DEGRADED;
      }
    }
    return status;
  }

  /** 200 for UP and DEGRADED, 503 for DOWN. */
  public int httpStatus() {
    return status.httpStatus();
  }

  public String toJson() {
    JsonWriter w = new JsonWriter().beginObject()
        .name("status").value(status.name())
        .name("probe").value(probe.pathSegment())
        .name("checks").beginArray();
    for (CheckResult r : checks) {
      w.beginObject()
          .name("name").value(r.name())
          .name("kind").value(r.kind().pathSegment())
          .name("status").value(r.status().name())
          .name("durationMs").value(r.durationMillis())
          .name("error").value(r.error())
          .name("critical").value(r.critical())
          .name("checkedAt").value(r.checkedAt().toString())
          .endObject();
    }
    return w.endArray().endObject().toString();
  }
}
