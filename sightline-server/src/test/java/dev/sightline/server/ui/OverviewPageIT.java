package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sightline.server.SightlineExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The overview and service pages in headless Chromium, on span metrics derived from spans sent through
 * the real receiver: golden signals per service (percentiles from the histogram), the service map with
 * the failing edge marked, and a service's signals over time with its slowest operations.
 */
@Tag("browser")
class OverviewPageIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    // rate() needs each counter twice: the same traffic in two rounds, the metrics flushed after each.
    for (int round = 1; round <= 2; round++) {
      sendRound(round, Instant.now().minusSeconds(60 - round * 10L));
      sightline.server().flushSpanMetrics();
    }
  }

  /** One good checkout (frontend → checkout → inventory) and one that fails at checkout. */
  private static void sendRound(int round, Instant start) throws Exception {
    long us = start.toEpochMilli() * 1000;
    String ok = "5eed000000000000000000000000a00" + round;
    String bad = "5eed000000000000000000000000e00" + round;
    String spans = """
        [{"traceId":"%1$s","id":"a000000000000001","kind":"SERVER","name":"GET /checkout","timestamp":%3$d,
          "duration":120000,"localEndpoint":{"serviceName":"frontend"}},
         {"traceId":"%1$s","parentId":"a000000000000001","id":"a000000000000002","kind":"CLIENT","name":"POST /orders",
          "timestamp":%3$d,"duration":110000,"localEndpoint":{"serviceName":"frontend"}},
         {"traceId":"%1$s","parentId":"a000000000000002","id":"a000000000000003","kind":"SERVER","name":"POST /orders",
          "timestamp":%3$d,"duration":100000,"localEndpoint":{"serviceName":"checkout"}},
         {"traceId":"%1$s","parentId":"a000000000000003","id":"a000000000000004","kind":"CLIENT","name":"GET /stock",
          "timestamp":%3$d,"duration":20000,"localEndpoint":{"serviceName":"checkout"}},
         {"traceId":"%1$s","parentId":"a000000000000004","id":"a000000000000005","kind":"SERVER","name":"GET /stock",
          "timestamp":%3$d,"duration":15000,"localEndpoint":{"serviceName":"inventory"}},
         {"traceId":"%2$s","id":"e000000000000001","kind":"SERVER","name":"GET /checkout","timestamp":%3$d,
          "duration":400000,"localEndpoint":{"serviceName":"frontend"},"tags":{"error":"upstream 500"}},
         {"traceId":"%2$s","parentId":"e000000000000001","id":"e000000000000002","kind":"CLIENT","name":"POST /orders",
          "timestamp":%3$d,"duration":380000,"localEndpoint":{"serviceName":"frontend"},"tags":{"error":"500"}},
         {"traceId":"%2$s","parentId":"e000000000000002","id":"e000000000000003","kind":"SERVER","name":"POST /orders",
          "timestamp":%3$d,"duration":370000,"localEndpoint":{"serviceName":"checkout"},"tags":{"error":"boom"}}]
        """.formatted(ok, bad, us);
    assertThat(sightline.post(sightline.server().zipkinPort(), "/api/v2/spans", "application/json",
        spans.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    for (String t : List.of(ok, bad)) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
          assertThat(sightline.get("/api/traces/" + t).statusCode()).isEqualTo(200));
    }
  }

  private static WebElement row(String service) {
    return browser.await(By.cssSelector("#signals tr[data-service='" + service + "']"));
  }

  @Test
  void overviewShowsGoldenSignalsAndTheServiceMap() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/?range=1h"));
    for (String s : List.of("frontend", "checkout", "inventory")) {
      WebElement r = row(s);
      assertThat(r.findElement(By.cssSelector(".traffic")).getText()).as(s).endsWith("/s");
      assertThat(r.findElement(By.cssSelector(".p99")).getText()).as(s).matches(".*\\d.*(ms|s|µs)");
      assertThat(r.findElement(By.cssSelector(".p50")).getText()).as(s).matches(".*\\d.*(ms|s|µs)");
    }
    // One of frontend's two server spans failed; inventory's never did.
    assertThat(row("frontend").findElement(By.cssSelector(".errors")).getText()).isEqualTo("50.0%");
    assertThat(row("frontend").findElement(By.cssSelector(".errors")).getDomAttribute("class")).contains("status-error");
    assertThat(row("inventory").findElement(By.cssSelector(".errors")).getText()).isEqualTo("0.0%");

    WebElement map = browser.await(By.id("service-map"));
    List<String> nodes = map.findElements(By.cssSelector(".node")).stream()
        .map(n -> n.getDomAttribute("data-service")).toList();
    assertThat(nodes).contains("frontend", "checkout", "inventory");
    WebElement edge = map.findElement(By.cssSelector(".edge-group[data-client='frontend'][data-server='checkout']"));
    assertThat(edge.getDomAttribute("class")).contains("has-error");
    assertThat(map.findElements(By.cssSelector(".edge-group[data-client='checkout'][data-server='inventory'].has-error")))
        .isEmpty();
    // Callers sit left of the services they call.
    double frontendX = nodeX("frontend");
    assertThat(frontendX).isLessThan(nodeX("checkout"));
    assertThat(nodeX("checkout")).isLessThan(nodeX("inventory"));
    browser.screenshot("overview-1280");

    row("checkout").findElement(By.cssSelector("a")).click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/services/checkout"));
    browser.await(By.cssSelector(".signal-chart .uplot canvas"));
    WebElement slow = browser.await(By.id("slow-ops-table"));
    assertThat(slow.getText()).contains("POST /orders");
    assertThat(browser.driver().findElements(By.cssSelector(".signal-chart .uplot"))).hasSize(3);
    browser.screenshot("service-1280");
  }

  private static double nodeX(String service) {
    return ((Number) browser.js("return document.querySelector(`#service-map .node[data-service='${arguments[0]}'] rect`)"
        + ".x.baseVal.value", service)).doubleValue();
  }

  @Test
  void readableOnAPhone() {
    browser.width(390, 844);
    browser.open(sightline.httpUri("/?range=1h"));
    row("frontend");
    browser.await(By.id("service-map"));
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("overview-390");
    browser.open(sightline.httpUri("/services/frontend?range=1h"));
    browser.await(By.id("slow-ops-table"));
    scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("service-390");
  }
}
