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

/** A 10,000-span trace: the waterfall draws only the rows in view, and scrolls to the last one. */
@Tag("browser")
class LargeTraceIT {
  private static final int SPANS = 10_000;
  /** Rows in a 900 px window plus overscan: far below one per span. */
  private static final int MAX_ROWS_IN_DOM = 100;

  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();
  private static String traceId;

  @BeforeAll
  static void seed() throws Exception {
    traceId = UiSeed.large(sightline, Instant.now().minusSeconds(60), SPANS);
  }

  @Test
  void rendersOnlyVisibleRowsAndScrollsToTheEnd() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces/" + traceId));
    browser.await(By.cssSelector(".wf-row"));
    assertThat(browser.driver().findElement(By.id("span-count")).getText()).isEqualTo(String.valueOf(SPANS));
    assertThat(browser.driver().findElements(By.cssSelector(".wf-row")).size()).isBetween(10, MAX_ROWS_IN_DOM);
    assertThat(browser.driver().findElement(By.cssSelector(".wf-minimap")).isDisplayed()).isTrue();
    WebElement scroller = browser.driver().findElement(By.cssSelector(".wf-scroll"));
    long fullHeight = (Long) browser.js("return arguments[0].scrollHeight", scroller);
    assertThat(fullHeight).as("the scroll area is as tall as every row").isGreaterThanOrEqualTo(SPANS * 26L);
    browser.screenshot("large-trace-top");

    browser.js("arguments[0].scrollTop = arguments[0].scrollHeight", scroller);
    browser.await(By.cssSelector(".wf-row[data-index='" + (SPANS - 1) + "']"));
    assertThat(browser.driver().findElements(By.cssSelector(".wf-row")).size()).isLessThan(MAX_ROWS_IN_DOM);
    browser.js("arguments[0].scrollTop = arguments[0].scrollHeight / 2", scroller);
    browser.await(By.cssSelector(".wf-row[data-index='" + (SPANS / 2) + "']"));
    assertThat(browser.driver().findElements(By.cssSelector(".wf-row")).size()).isLessThan(MAX_ROWS_IN_DOM);
    browser.screenshot("large-trace-middle");

    // Collapsing the root leaves one row; the keyboard reaches the end of the expanded tree.
    scroller.sendKeys(Keys.HOME, Keys.ARROW_LEFT);
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == 1);
    scroller.sendKeys(Keys.ARROW_RIGHT, Keys.END);
    browser.await(By.cssSelector(".wf-row[data-index='" + (SPANS - 1) + "'][aria-selected='true']"));
  }
}
