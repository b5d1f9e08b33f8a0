package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.model.metric.Labels;
import dev.sightline.server.SightlineExtension;
import dev.sightline.store.metrics.MetricAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The alerts page in headless Chromium on Sightline's real rule evaluator and dispatcher: a firing alert
 * with its annotation, silenced from its row (the dispatcher then reports it silenced), acknowledged,
 * the silence expired from the list, with history and the noise report shown.
 */
@Tag("browser")
class AlertsPageIT {
  static final HttpServer webhook = startWebhook();
  static final Path rules = writeRules();

  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension(
      "global.evaluation_interval=1s",
      "rule_files=['" + rules.resolve("*.yml") + "']",
      "alerting={route: {receiver: team, group_by: [alertname], group_wait: 1s, group_interval: 1s, "
          + "repeat_interval: 1h}, receivers: [{name: team, webhook_configs: [{url: 'http://127.0.0.1:"
          + webhook.getAddress().getPort() + "/hook'}]}]}");
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  static HttpServer startWebhook() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext("/hook", ex -> {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(200, -1);
        ex.close();
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeRules() {
    try {
      Path dir = Files.createTempDirectory("sightline-ui-rules");
      Files.writeString(dir.resolve("ui.yml"), """
          groups:
            - name: checkout
              interval: 1s
              rules:
                - alert: HighErrorRate
                  expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01
                  for: 0s
                  labels:
                    severity: critical
                  annotations:
                    summary: "Checkout errors above 1%"
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    webhook.stop(0);
  }

  @BeforeAll
  static void seed() throws Exception {
    MetricAppender a = sightline.server().tsdb().appender();
    long now = System.currentTimeMillis();
    for (int i = 0; i <= 20; i++) {
      long t = now - (20 - i) * 15_000L;
      a.append(Labels.of("__name__", "http_requests_total", "job", "checkout", "status", "200"), t, 100.0 * i);
      a.append(Labels.of("__name__", "http_requests_total", "job", "checkout", "status", "500"), t, 10.0 * i);
    }
    a.commit();
    // Firing and handed to the dispatcher (it has a fingerprint there).
    await().atMost(Duration.ofSeconds(30)).until(() -> alert() != null);
  }

  /** The notified HighErrorRate alert as /api/alerts shows it, or null. */
  private static JsonNode alert() throws Exception {
    JsonNode groups = UiSeed.JSON.readTree(sightline.get("/api/alerts").body()).path("groups");
    for (JsonNode g : groups) {
      for (JsonNode a : g.path("alerts")) {
        if (a.path("labels").path("alertname").asText().equals("HighErrorRate")) {
          return a;
        }
      }
    }
    return null;
  }

  @Test
  void silencingAnAlertFromTheUiTakesEffect() throws Exception {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/alerts?range=1h"));
    WebElement row = browser.await(By.cssSelector("#alerts-table tr[data-alertname='HighErrorRate']"));
    assertThat(row.getText()).contains("firing", "Checkout errors above 1%", "severity=\"critical\"");
    browser.driver().findElement(By.id("who")).sendKeys("alice");
    row.findElement(By.cssSelector(".silence-button")).click();
    WebElement matchers = browser.await(By.id("silence-matchers"));
    assertThat(matchers.getDomProperty("value")).contains("alertname=HighErrorRate", "severity=critical");
    browser.driver().findElement(By.id("silence-comment")).sendKeys("deploy in progress");
    browser.screenshot("alerts-silence-form-1280");
    browser.driver().findElement(By.id("create-silence")).click();

    // The dispatcher itself now counts the alert silenced, and the page says so.
    await().atMost(Duration.ofSeconds(10)).until(() -> alert().path("silencedBy").size() == 1);
    String silenceId = alert().path("silencedBy").get(0).asText();
    browser.await(By.cssSelector("#silences-table tr[data-silence-id='" + silenceId + "'][data-state='active']"));
    browser.open(sightline.httpUri("/alerts?range=1h"));
    row = browser.await(By.cssSelector("#alerts-table tr[data-alertname='HighErrorRate']"));
    assertThat(row.findElement(By.cssSelector(".badge.silenced")).getText()).isEqualTo("silenced");
    String silences = sightline.get("/api/silences").body();
    assertThat(silences).contains("deploy in progress", "alice");

    row.findElement(By.cssSelector(".ack-button")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> "alice".equals(alert().path("ackedBy").asText()));
    browser.waiting().until(d -> d.findElement(By.cssSelector("#alerts-table tr[data-alertname='HighErrorRate']"))
        .getText().contains("acked by alice"));
    assertThat(browser.driver().findElement(By.id("history-table")).getText()).contains("HighErrorRate");
    assertThat(browser.driver().findElement(By.id("noise-table")).getText()).contains("HighErrorRate");
    browser.screenshot("alerts-1280");

    browser.driver().findElement(By.cssSelector("#silences-table tr[data-silence-id='" + silenceId + "'] .expire-button"))
        .click();
    browser.await(By.cssSelector("#silences-table tr[data-silence-id='" + silenceId + "'][data-state='expired']"));
    await().atMost(Duration.ofSeconds(10)).until(() -> alert().path("silencedBy").isEmpty());

    browser.width(390, 844);
    browser.open(sightline.httpUri("/alerts?range=1h"));
    browser.await(By.cssSelector("#alerts-table tr[data-alertname='HighErrorRate']"));
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("alerts-390");
  }
}
