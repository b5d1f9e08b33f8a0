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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The shell: every route draws its page, the nav works from the keyboard, the time range lives in the URL. */
@Tag("browser")
class AppShellIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    UiSeed.checkout(sightline, Instant.now().minusSeconds(60));
  }

  @Test
  void everyPageRendersAtBothWidths() {
    String[][] pages = {{"/", "Services"}, {"/traces", "Traces"}, {"/services/checkout", "checkout"},
        {"/logs", "Logs"}, {"/metrics", "Metrics"}, {"/alerts", "Alerts"}, {"/health", "Health"}};
    for (int width : new int[] {1280, 390}) {
      browser.width(width, width == 390 ? 844 : 900);
      for (String[] p : pages) {
        browser.open(sightline.httpUri(p[0]));
        browser.waiting().until(d -> d.findElement(By.cssSelector("main h1")).getText().contains(p[1]));
        long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
        assertThat(scrollWidth).as(p[0] + " at " + width + " px").isLessThanOrEqualTo(width);
        String name = p[0].equals("/") ? "overview" : p[0].substring(1).replace('/', '-');
        browser.screenshot("page-" + name + "-" + width);
      }
    }
  }

  @Test
  void overviewListsServicesAndLinksToTheirTraces() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/?range=6h"));
    WebElement link = browser.await(By.cssSelector("#signals a[href^='/services/checkout']"));
    assertThat(link.getDomAttribute("href")).isEqualTo("/services/checkout?range=6h");
    assertThat(browser.driver().findElement(By.cssSelector(".endpoints")).getText())
        .contains(":" + sightline.server().zipkinPort() + "/api/v2/spans");
    link.click();
    WebElement op = browser.await(By.xpath("//a[text()='GET /rates']"));
    op.click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/traces?") && d.getCurrentUrl().contains("operation=GET"));
    browser.await(By.cssSelector("#trace-list tr[data-trace-id='" + UiSeed.CHECKOUT_TRACE + "']"));
    assertThat(browser.driver().getCurrentUrl()).contains("range=6h");
  }

  @Test
  void timeRangeIsKeptInTheUrlAndSurvivesNavigation() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces"));
    Select range = new Select(browser.await(By.id("range-select")));
    range.selectByValue("6h");
    browser.waiting().until(d -> d.getCurrentUrl().contains("range=6h"));
    browser.driver().findElement(By.cssSelector(".mainnav a[href='/metrics']")).click();
    browser.waiting().until(d -> d.getCurrentUrl().endsWith("/metrics"));
    // The nav links carry no range: the picker falls back to the default, and says so.
    assertThat(new Select(browser.await(By.id("range-select"))).getFirstSelectedOption().getDomAttribute("value"))
        .isEqualTo("1h");
    browser.driver().navigate().back();
    browser.waiting().until(d -> d.getCurrentUrl().contains("range=6h"));
    assertThat(new Select(browser.await(By.id("range-select"))).getFirstSelectedOption().getDomAttribute("value"))
        .isEqualTo("6h");

    range = new Select(browser.driver().findElement(By.id("range-select")));
    range.selectByValue("custom");
    WebElement from = browser.await(By.cssSelector(".custom-range input[aria-label='From']"));
    assertThat(from.isDisplayed()).isTrue();
    browser.driver().findElement(By.cssSelector(".custom-range button")).click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("start=") && d.getCurrentUrl().contains("end="));
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("range=");
  }

  @Test
  void navigationWorksFromTheKeyboard() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/health"));
    browser.await(By.cssSelector("main h1"));
    WebElement body = browser.driver().findElement(By.tagName("body"));
    body.sendKeys(Keys.TAB); // the skip link comes first
    assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
    for (int i = 0; i < 3; i++) {
      browser.driver().switchTo().activeElement().sendKeys(Keys.TAB); // brand, Overview, Traces
    }
    WebElement traces = browser.driver().switchTo().activeElement();
    assertThat(traces.getText()).isEqualTo("Traces");
    traces.sendKeys(Keys.ENTER);
    browser.waiting().until(d -> d.getCurrentUrl().endsWith("/traces"));
    assertThat(browser.driver().findElement(By.cssSelector(".mainnav a[aria-current='page']")).getText())
        .isEqualTo("Traces");
    browser.await(By.id("search-button"));
  }
}
