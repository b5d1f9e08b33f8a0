package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.SightlineExtension;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** Trace search in headless Chromium: the form, the scatter, the list, and the click through. */
@Tag("browser")
class TraceSearchIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    UiSeed.checkout(sightline, Instant.now().minusSeconds(120));
  }

  @Test
  void searchFindsTheTraceAndClickingOpensIt() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces?range=1h"));
    // Services come from the API; choosing one loads its operations.
    Select service = new Select(browser.await(By.cssSelector("#f-service option[value='checkout']"))
        .findElement(By.xpath("..")));
    service.selectByValue("checkout");
    browser.await(By.cssSelector("#f-operation option[value='GET /rates']"));
    browser.driver().findElement(By.id("f-min")).sendKeys("500ms");
    browser.driver().findElement(By.id("search-button")).click();

    browser.waiting().until(d -> d.getCurrentUrl().contains("service=checkout") && d.getCurrentUrl().contains("minDuration=500ms"));
    WebElement row = browser.await(By.cssSelector("#trace-list tr[data-trace-id='" + UiSeed.CHECKOUT_TRACE + "']"));
    assertThat(row.getText()).contains("frontend: GET /checkout", "1.20 s");
    assertThat(browser.driver().findElements(By.cssSelector("svg.scatter a[data-trace-id='" + UiSeed.CHECKOUT_TRACE + "'] circle")))
        .hasSize(1);
    assertThat(browser.driver().findElement(By.id("result-count")).getText()).startsWith("1 trace");
    browser.screenshot("search-1280");

    row.findElement(By.cssSelector("a.trace-link")).click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/traces/" + UiSeed.CHECKOUT_TRACE));
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == UiSeed.CHECKOUT_ORDER.size());
    // The time range came along.
    assertThat(browser.driver().getCurrentUrl()).contains("range=1h");
    // Back returns to the same search, from the URL alone.
    browser.driver().navigate().back();
    browser.await(By.cssSelector("#trace-list tr[data-trace-id='" + UiSeed.CHECKOUT_TRACE + "']"));
  }

  @Test
  void filtersThatMatchNothingSaySo() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces?service=checkout&minDuration=1h&range=1h"));
    assertThat(browser.await(By.id("result-count")).getText()).startsWith("0 traces");
    browser.open(sightline.httpUri("/traces?minDuration=soon&range=1h"));
    assertThat(browser.await(By.cssSelector(".results .error-box")).getText()).contains("minDuration");
  }

  @Test
  void scatterDotOpensTheTraceAndThePageFitsAPhone() {
    browser.width(390, 844);
    browser.open(sightline.httpUri("/traces?service=frontend&range=1h"));
    WebElement dot = browser.await(By.cssSelector("svg.scatter a[data-trace-id='" + UiSeed.CHECKOUT_TRACE + "']"));
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    browser.screenshot("search-390");
    browser.js("arguments[0].scrollIntoView({block: 'center'})", dot);
    dot.findElement(By.cssSelector("circle")).click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/traces/" + UiSeed.CHECKOUT_TRACE));
    browser.await(By.cssSelector(".wf-row"));
  }
}
