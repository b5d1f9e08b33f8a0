package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import dev.sightline.server.SightlineExtension;
import dev.sightline.store.metrics.MetricAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The metrics explorer in headless Chromium: a PromQL query draws its series with uPlot. */
@Tag("browser")
class MetricsPageIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    long t0 = System.currentTimeMillis() / 1000 * 1000 - 30 * 60_000L;
    MetricAppender a = sightline.server().tsdb().appender();
    for (int i = 0; i <= 120; i++) { // 30 minutes at 15 s
      long t = t0 + i * 15_000L;
      a.append(Labels.of("__name__", "ui_requests_total", "job", "api", "code", "200"), t, 10.0 * i);
      a.append(Labels.of("__name__", "ui_requests_total", "job", "api", "code", "500"), t, 1.0 * i);
    }
    assertThat(a.commit().allAccepted()).isTrue();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void aQueryDrawsEachSeriesWithALegend() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/metrics?range=1h&query=" + q("sum by (code) (rate(ui_requests_total[5m]))")));
    browser.await(By.cssSelector("#chart .uplot canvas"));
    assertThat(browser.driver().findElement(By.id("series-count")).getText()).startsWith("2 series");
    List<String> legend = browser.driver().findElements(By.cssSelector("#chart .u-legend .u-series .u-label")).stream()
        .map(WebElement::getText).toList();
    assertThat(legend).contains("{code=\"200\"}", "{code=\"500\"}");
    // The canvas has ink on it: uPlot drew the lines.
    Boolean drawn = (Boolean) browser.js("""
        const c = document.querySelector('#chart .uplot canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
        return false;""");
    assertThat(drawn).isTrue();
    assertThat(browser.driver().findElement(By.id("api-link")).getDomAttribute("href"))
        .startsWith("/api/v1/query_range?query=");
    browser.screenshot("metrics-1280");

    browser.driver().findElement(By.linkText("Table")).click();
    WebElement table = browser.await(By.id("series-table"));
    assertThat(table.getText()).contains("{code=\"200\"}", "0.667");
    assertThat(browser.driver().getCurrentUrl()).contains("view=table");
  }

  @Test
  void enterRunsTheQueryAndErrorsAreShown() {
    browser.width(390, 844);
    browser.open(sightline.httpUri("/metrics?range=1h"));
    WebElement box = browser.await(By.id("promql"));
    box.sendKeys("sum(rate(ui_requests_total[5m])", Keys.ENTER);
    WebElement error = browser.await(By.id("query-error"));
    assertThat(error.getText()).isNotBlank();
    assertThat(browser.driver().getCurrentUrl()).contains("query=");
    browser.screenshot("metrics-error-390");

    box = browser.await(By.id("promql"));
    box.clear();
    box.sendKeys("ui_requests_total", Keys.ENTER);
    browser.await(By.cssSelector("#chart .uplot canvas"));
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("metrics-390");
  }
}
