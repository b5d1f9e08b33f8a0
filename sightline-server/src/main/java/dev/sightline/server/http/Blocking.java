package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.SelfMetrics;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a query handler on Armeria's blocking executor (queries read disk; the event loop must not),
 * times it for {@code sightline_query_duration_seconds}, and turns failures into JSON errors.
 */
public final class Blocking {
  private static final Logger log = LoggerFactory.getLogger(Blocking.class);

  /** A handler that may block and throw. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(ServiceRequestContext ctx, HttpRequest req) throws Exception;
  }

  private Blocking() {}

  public static HttpService json(SelfMetrics metrics, String endpoint, Handler handler) {
    return (ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      try {
        return handler.handle(ctx, req);
      } catch (ApiParams.BadParameterException | IllegalArgumentException e) {
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      } catch (Exception e) {
        log.error("{} failed for {}", endpoint, ctx.path(), e);
        return Json.error(HttpStatus.INTERNAL_SERVER_ERROR, endpoint + " failed: " + e);
      } finally {
        metrics.queryLatency(endpoint, System.nanoTime() - t0);
      }
    }, ctx.blockingTaskExecutor()));
  }
}
