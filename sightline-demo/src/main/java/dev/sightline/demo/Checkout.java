package dev.sightline.demo;

import dev.sightline.demo.internal.HttpService;
import dev.sightline.instrument.health.HealthRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: {@code GET /checkout} reserves stock in Inventory, then takes payment. About
 * {@link #PAYMENT_FAILURE_RATE} of payments fail: an ERROR log line "Payment failed" (carrying the trace
 * id from the agent's MDC) and a 500, which the agent records as an error status on the SERVER span.
 */
public final class Checkout {
  static final double PAYMENT_FAILURE_RATE = 0.02;
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private Checkout() {
  }

  public static void main(String[] args) throws Exception {
    URI inventory = HttpService.downstream("inventory", "http://127.0.0.1:8082");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpService.create(8081, HealthRegistry.builder().build())
        .route("/checkout", exchange -> {
          String sku = "SKU-" + ThreadLocalRandom.current().nextInt(1, 51);
          String order = "ord-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
          try {
            HttpResponse<String> reserved = http.send(HttpRequest.newBuilder(inventory.resolve("/reserve?sku=" + sku))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (reserved.statusCode() != 200) {
              LOG.error("Checkout {} failed: inventory answered {}", order, reserved.statusCode());
              HttpService.reply(exchange, 502, "{\"order\":\"" + order + "\",\"error\":\"inventory unavailable\"}");
              return;
            }
          } catch (Exception e) {
            LOG.error("Checkout {} failed: inventory call {}", order, e.toString());
            HttpService.reply(exchange, 502, "{\"order\":\"" + order + "\",\"error\":\"inventory unavailable\"}");
            return;
          }
          if (ThreadLocalRandom.current().nextDouble() < PAYMENT_FAILURE_RATE) {
            LOG.error("Payment failed for order {}: card declined by the payment gateway", order);
            HttpService.reply(exchange, 500, "{\"order\":\"" + order + "\",\"error\":\"payment failed\"}");
            return;
          }
          LOG.info("Checkout completed for order {} ({})", order, sku);
          HttpService.reply(exchange, 200, "{\"order\":\"" + order + "\",\"status\":\"confirmed\"}");
        })
        .start();
    LOG.info("checkout listening");
  }
}
