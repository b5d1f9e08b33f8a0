package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sightline.server.SightlineExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The logs explorer in headless Chromium, on logs and spans sent through the real receivers: a query
 * shows its rows and histogram, a trace id in a row opens the trace, errors point at the place in the
 * query, GROUP BY draws a table and a chart, a pasted trace id tells the story, and live tail streams.
 */
@Tag("browser")
class LogsPageIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    Instant start = Instant.now().minusSeconds(120);
    UiSeed.checkout(sightline, start);
    List<String> lines = new ArrayList<>();
    String[][] logs = {{"frontend", "INFO", "5", "checkout started"}, {"checkout", "INFO", "20", "reserving stock"},
        {"checkout", "WARN", "900", "rates slow"}, {"checkout", "ERROR", "1160", "card declined"}};
    for (String[] l : logs) {
      lines.add("{\"timestamp\":\"" + start.plusMillis(Long.parseLong(l[2])) + "\",\"level\":\"" + l[1]
          + "\",\"message\":\"" + l[3] + "\",\"service\":\"" + l[0] + "\",\"region\":\"eu\",\"trace_id\":\""
          + UiSeed.CHECKOUT_TRACE + "\"}");
    }
    for (int i = 0; i < 40; i++) { // unrelated noise spread over the last 40 minutes
      lines.add("{\"timestamp\":\"" + Instant.now().minusSeconds(60L * i + 30) + "\",\"level\":\"INFO\",\"message\":\"tick "
          + i + "\",\"service\":\"cron\",\"region\":\"" + (i % 3 == 0 ? "us" : "eu") + "\"}");
    }
    HttpResponse<String> r = sightline.post(sightline.server().httpPort(), "/api/logs", "application/x-ndjson",
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sightline.post(sightline.server().httpPort(),
        "/api/query", "application/json", "{\"query\":\"service = 'cron'\"}".getBytes(StandardCharsets.UTF_8)).body())
        .contains("tick 39"));
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void openLogs(int width, String query) {
    browser.width(width, 900);
    browser.open(sightline.httpUri("/logs?range=1h&query=" + q(query)));
  }

  @Test
  void aLogQueryShowsRowsAndItsTraceLinkOpensTheTrace() {
    openLogs(1280, "service = 'checkout'");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#log-rows .vr-row")).size() == 3);
    String text = browser.driver().findElement(By.id("log-rows")).getText();
    assertThat(text).contains("card declined", "rates slow", "reserving stock").doesNotContain("tick");
    // The histogram counted the three matches into its buckets.
    browser.await(By.cssSelector("#histogram-svg .bar"));
    Number total = (Number) browser.js("return [...document.querySelectorAll('#histogram-svg .bar')]"
        + ".reduce((s, b) => s + Number(b.dataset.value), 0)");
    assertThat(total.intValue()).isEqualTo(3);
    // Enter on a row shows its JSON.
    WebElement head = browser.driver().findElement(By.cssSelector("#log-rows .vr-head"));
    head.sendKeys(Keys.ENTER);
    WebElement json = browser.await(By.cssSelector("#log-rows .vr-json"));
    assertThat(json.getText()).contains("\"region\": \"eu\"", UiSeed.CHECKOUT_TRACE);
    browser.screenshot("logs-1280");

    WebElement link = browser.driver().findElement(By.cssSelector("#log-rows a.log-trace"));
    assertThat(link.getDomAttribute("href")).startsWith("/traces/" + UiSeed.CHECKOUT_TRACE);
    link.click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/traces/" + UiSeed.CHECKOUT_TRACE));
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == UiSeed.CHECKOUT_ORDER.size());
  }

  @Test
  void aQueryErrorMarksThePlaceInTheInput() {
    openLogs(390, "SELECT count(*) FORM logs");
    WebElement error = browser.await(By.id("query-error"));
    assertThat(error.getText()).contains("column 17");
    assertThat(browser.driver().findElement(By.cssSelector("#error-mark mark")).getText()).isEqualTo("F");
    Number caret = (Number) browser.js("return document.getElementById('log-query').selectionStart");
    assertThat(caret.intValue()).isEqualTo(16);
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("logs-error-390");
  }

  @Test
  void groupByShowsATableAndAChart() {
    openLogs(1280, "SELECT region, count(*) AS n FROM logs WHERE service = 'cron' GROUP BY region ORDER BY n DESC");
    WebElement table = browser.await(By.id("group-table"));
    assertThat(table.getText()).contains("eu", "26", "us", "14");
    assertThat(browser.driver().findElements(By.cssSelector("#group-chart .bar"))).hasSize(2);
    browser.screenshot("logs-groupby-1280");
  }

  @Test
  void aPastedTraceIdInterleavesLogsAndSpansWithTheTraceSummary() {
    openLogs(390, UiSeed.CHECKOUT_TRACE);
    WebElement summary = browser.await(By.id("trace-summary"));
    assertThat(summary.getText()).contains("9 spans");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#log-rows .vr-row")).size() == 13);
    List<String> datasets = browser.driver().findElements(By.cssSelector("#log-rows .log-dataset")).stream()
        .map(WebElement::getText).toList();
    assertThat(datasets).contains("logs", "spans");
    assertThat(browser.driver().findElement(By.id("waterfall-link")).getDomAttribute("href"))
        .startsWith("/traces/" + UiSeed.CHECKOUT_TRACE);
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("logs-trace-390");
  }

  @Test
  void liveTailShowsNewLines() throws Exception {
    openLogs(1280, "service = 'tailed'");
    browser.await(By.id("tail-toggle")).click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("tail=1"));
    browser.waiting().until(d -> d.findElement(By.id("tail-status")).getText().contains("on"));
    String line = "{\"timestamp\":\"" + Instant.now() + "\",\"message\":\"fresh line\",\"service\":\"tailed\"}";
    assertThat(sightline.post(sightline.server().httpPort(), "/api/logs", "application/x-ndjson",
        line.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    browser.waiting().until(d -> d.findElement(By.id("log-rows")).getText().contains("fresh line"));
    browser.screenshot("logs-tail-1280");
  }
}
