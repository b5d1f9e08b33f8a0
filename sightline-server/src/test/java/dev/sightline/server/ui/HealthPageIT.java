package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.server.SightlineExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The health page in headless Chromium against Sightline's real prober: a service whose readiness
 * endpoint starts failing shows liveness UP, readiness DOWN with the failing status, and a red stretch
 * in its history over time.
 */
@Tag("browser")
class HealthPageIT {
  static final AtomicBoolean ready = new AtomicBoolean(true);
  static final HttpServer service = start();

  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension(
      "probes=[{name: inventory, url: 'http://127.0.0.1:" + service.getAddress().getPort() + "/health/ready', kind: ready,"
          + " period: 200ms, timeout: 200ms, failure_threshold: 2},"
          + " {name: inventory, url: 'http://127.0.0.1:" + service.getAddress().getPort() + "/health/live', kind: live,"
          + " period: 200ms, timeout: 200ms}]");
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  /** A stand-in service: liveness always answers 200, readiness 200 or 503 as the test says. */
  static HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext("/health/live", x -> {
        x.sendResponseHeaders(200, -1);
        x.close();
      });
      s.createContext("/health/ready", x -> {
        byte[] body = (ready.get() ? "ok" : "database unreachable").getBytes();
        x.sendResponseHeaders(ready.get() ? 200 : 503, body.length);
        x.getResponseBody().write(body);
        x.close();
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    service.stop(0);
  }

  private static String state(String kind) throws Exception {
    JsonNode targets = UiSeed.JSON.readTree(sightline.get("/api/health/targets").body()).path("targets");
    for (JsonNode t : targets) {
      if (t.path("kind").asText().equals(kind)) {
        return t.path("state").asText();
      }
    }
    return null;
  }

  @Test
  void showsLivenessAndReadinessNowAndOverTime() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(state("ready")) && "UP".equals(state("live")));
    ready.set(false);
    await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(state("ready")));

    browser.width(1280, 900);
    browser.open(sightline.httpUri("/health?range=5m"));
    WebElement row = browser.await(By.cssSelector("#health-table tr[data-service='inventory']"));
    assertThat(row.findElement(By.cssSelector(".probe-live .state")).getText()).isEqualTo("UP");
    assertThat(row.findElement(By.cssSelector(".probe-ready .state")).getText()).isEqualTo("DOWN");
    assertThat(row.findElement(By.cssSelector(".probe-ready")).getText()).contains("HTTP 503");
    assertThat(row.findElements(By.cssSelector(".probe-ready .strip .bad"))).isNotEmpty();
    assertThat(row.findElements(By.cssSelector(".probe-ready .strip .ok"))).isNotEmpty();

    WebElement readyOverTime = browser.await(By.cssSelector("#health-history tr[data-service='inventory'][data-kind='ready']"));
    assertThat(readyOverTime.findElements(By.cssSelector(".history-strip .bad"))).isNotEmpty();
    // One cell per step over the 5 minutes; the newest holds the failures (the first live attempts of a
    // cold JVM may fail too, so only readiness is asserted red).
    assertThat(browser.driver().findElements(By.cssSelector("#health-history tr[data-kind='live'] .history-strip span")))
        .hasSizeGreaterThanOrEqualTo(20);
    List<WebElement> readyCells = readyOverTime.findElements(By.cssSelector(".history-strip span"));
    assertThat(readyCells.get(readyCells.size() - 1).getDomAttribute("class")).isEqualTo("bad");
    browser.screenshot("health-1280");

    browser.width(390, 844);
    browser.open(sightline.httpUri("/health?range=5m"));
    browser.await(By.cssSelector("#health-history tr"));
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("health-390");
  }
}
