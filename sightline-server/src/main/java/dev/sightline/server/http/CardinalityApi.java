package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.store.tsdb.Tsdb;
import java.util.Map;

/**
 * {@code GET /api/metrics/cardinality[?metric=NAME&limit=N]}: the metrics with the most series and, for
 * each, the labels with the most distinct values — where a user finds the {@code user_id} label that
 * exploded — plus how many samples the limits refused per metric.
 */
public final class CardinalityApi {
  private final Tsdb tsdb;

  public CardinalityApi(Tsdb tsdb) {
    this.tsdb = tsdb;
  }

  public void bind(ServerBuilder sb) {
    sb.route().get("/api/metrics/cardinality").build((ctx, req) -> HttpResponse.of(() -> {
      String metric = ctx.queryParam("metric");
      int limit = ApiParams.limit("limit", ctx.queryParam("limit"), 10, 1000);
      if (metric != null && !metric.isBlank()) {
        var m = tsdb.cardinality(metric);
        return m == null ? Json.error(com.linecorp.armeria.common.HttpStatus.NOT_FOUND, "no series of metric " + metric)
            : Json.ok(m);
      }
      return Json.ok(Map.of("report", tsdb.cardinality(limit, limit),
          "rejectedSamplesByMetric", tsdb.rejectedSamplesByMetric()));
    }, ctx.blockingTaskExecutor()));
  }
}
