package dev.sightline.demo;

import dev.sightline.demo.internal.HttpService;
import dev.sightline.demo.internal.Warehouse;
import dev.sightline.instrument.health.HealthRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves stock: a SELECT against the warehouse database (H2 over JDBC, a CLIENT span from the agent's
 * JDBC instrumentation), then asks Shipping for a quote. {@code POST /admin/db?down=true|false} starts or
 * ends a warehouse outage; the database is a critical readiness check, so readiness answers 503 during
 * it while liveness stays 200.
 */
public final class Inventory {
  private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

  private Inventory() {
  }

  public static void main(String[] args) throws Exception {
    Warehouse warehouse = Warehouse.open();
    URI shipping = HttpService.downstream("shipping", "http://127.0.0.1:8083");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HealthRegistry health = HealthRegistry.builder()
        .defaultCacheFor(Duration.ofSeconds(1))
        .readiness("warehouse-db", warehouse::ping)
        .build();
    HttpService.create(8082, health)
        .route("/reserve", exchange -> {
          String sku = HttpService.query(exchange).getOrDefault("sku", "SKU-1");
          int quantity;
          try {
            quantity = warehouse.quantity(sku);
          } catch (Exception e) {
            LOG.error("Warehouse query failed for sku {}: {}", sku, e.getMessage());
            HttpService.reply(exchange, 503, "{\"error\":\"warehouse database unavailable\"}");
            return;
          }
          try {
            HttpResponse<String> quote = http.send(HttpRequest.newBuilder(shipping.resolve("/quote?sku=" + sku))
                .timeout(Duration.ofSeconds(25)).build(), HttpResponse.BodyHandlers.ofString());
            LOG.info("Reserved sku {} ({} in stock)", sku, quantity);
            HttpService.reply(exchange, quote.statusCode() == 200 ? 200 : 502,
                "{\"sku\":\"" + sku + "\",\"in_stock\":" + quantity + ",\"shipping\":" + quote.body() + "}");
          } catch (Exception e) {
            LOG.error("Shipping quote failed for sku {}: {}", sku, e.toString());
            HttpService.reply(exchange, 502, "{\"error\":\"shipping unavailable\"}");
          }
        })
        .route("/admin/db", exchange -> {
          if (!"POST".equals(exchange.getRequestMethod())) {
            HttpService.reply(exchange, 405, "{\"error\":\"use POST /admin/db?down=true|false\"}");
            return;
          }
          Map<String, String> q = HttpService.query(exchange);
          boolean down = Boolean.parseBoolean(q.getOrDefault("down", String.valueOf(!warehouse.isDown())));
          warehouse.setDown(down);
          LOG.warn(down ? "Warehouse database outage started (admin toggle)" : "Warehouse database outage ended (admin toggle)");
          HttpService.reply(exchange, 200, "{\"warehouse_db_down\":" + down + "}");
        })
        .start();
    LOG.info("inventory listening");
  }
}
