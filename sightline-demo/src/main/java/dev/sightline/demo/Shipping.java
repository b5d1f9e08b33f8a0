package dev.sightline.demo;

import dev.sightline.demo.internal.HttpService;
import dev.sightline.instrument.health.HealthRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Quotes shipping by asking the third-party carrier API (a CLIENT span, instrumented by the agent). */
public final class Shipping {
  private static final Logger LOG = LoggerFactory.getLogger(Shipping.class);

  private Shipping() {
  }

  public static void main(String[] args) throws Exception {
    URI carrier = HttpService.downstream("carrier", "http://127.0.0.1:8084");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // The carrier is a third party: when it is down we are DEGRADED, never out of the load balancer.
    HealthRegistry health = HealthRegistry.builder()
        .readiness("carrier-api", () -> {
          int status = http.send(HttpRequest.newBuilder(carrier.resolve("/health/live")).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200) {
            throw new IllegalStateException("carrier API answered " + status);
          }
        }, false)
        .build();
    HttpService.create(8083, health)
        .route("/quote", exchange -> {
          String sku = HttpService.query(exchange).getOrDefault("sku", "unknown");
          try {
            HttpResponse<String> rates = http.send(HttpRequest.newBuilder(carrier.resolve("/rates?sku=" + sku))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            LOG.info("Shipping quoted by carrier for sku {}", sku);
            HttpService.reply(exchange, 200, rates.body());
          } catch (Exception e) {
            LOG.error("Carrier API call failed for sku {}: {}", sku, e.toString());
            HttpService.reply(exchange, 502, "{\"error\":\"carrier API unavailable\"}");
          }
        })
        .start();
    LOG.info("shipping listening");
  }
}
