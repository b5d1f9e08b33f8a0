package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.store.CheckResult;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sightline's own probes. Liveness answers while the process can serve ("restart me" only when it
 * cannot); readiness reflects local storage alone ("stop sending me traffic"), never a notifier or a
 * probed service, so an outage elsewhere cannot take Sightline out of rotation.
 */
public final class HealthApi {
  private final Supplier<CheckResult> readiness;

  public HealthApi(Supplier<CheckResult> readiness) {
    this.readiness = readiness;
  }

  public void bind(ServerBuilder sb) {
    sb.service("/health/live", (ctx, req) -> Json.ok(Map.of("status", "UP")));
    sb.service("/health/ready", (ctx, req) -> HttpResponse.of(() -> {
      CheckResult r = readiness.get();
      return r.ok()
          ? Json.ok(Map.of("status", "UP", "checks", Map.of("storage", "UP")))
          : Json.of(HttpStatus.SERVICE_UNAVAILABLE, Map.of("status", "DOWN", "reason", r.reason(),
              "checks", Map.of("storage", "DOWN")));
    }, ctx.blockingTaskExecutor()));
  }
}
