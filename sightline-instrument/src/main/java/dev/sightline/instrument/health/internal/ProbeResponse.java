package dev.sightline.instrument.health.internal;

import dev.sightline.instrument.health.CheckKind;
import dev.sightline.instrument.health.HealthRegistry;
import dev.sightline.instrument.health.HealthReport;
import java.nio.charset.StandardCharsets;

/**
 * What both HTTP adapters answer for a request path and method, so that the JDK and Servlet adapters
 * cannot drift apart.
 */
public record ProbeResponse(int status, String contentType, byte[] body, String allow) {
  public static final String JSON = "application/json; charset=utf-8";

  /**
   * @param probeSegment the path segment after {@code /health/} ("live", "ready", "started"), or null
   */
  public static ProbeResponse answer(HealthRegistry registry, String method, String probeSegment) {
    CheckKind probe = probeSegment == null ? null : CheckKind.forPathSegment(probeSegment);
    if (probe == null) {
      return error(404, "no such probe; use /health/live, /health/ready or /health/started");
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      ProbeResponse r = error(405, "method " + method + " not allowed; use GET");
      return new ProbeResponse(r.status, r.contentType, r.body, "GET, HEAD");
    }
    HealthReport report = registry.report(probe);
    return new ProbeResponse(report.httpStatus(), JSON, report.toJson().getBytes(StandardCharsets.UTF_8), null);
  }

  private static ProbeResponse error(int status, String message) {
    String json = new JsonWriter().beginObject().name("error").value(message).endObject().toString();
    return new ProbeResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8), null);
  }
}
