package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.SightlineExtension;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The trace page in headless Chromium, with the seeded checkout trace. */
@Tag("browser")
class TraceViewIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension();
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @BeforeAll
  static void seed() throws Exception {
    UiSeed.checkout(sightline, Instant.now().minusSeconds(30));
  }

  private void openTrace(int width) {
    browser.width(width, 900);
    browser.open(sightline.httpUri("/traces/" + UiSeed.CHECKOUT_TRACE));
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == UiSeed.CHECKOUT_ORDER.size());
  }

  private List<WebElement> rowsInOrder() {
    return browser.driver().findElements(By.cssSelector(".wf-row")).stream()
        .sorted(Comparator.comparingInt(e -> Integer.parseInt(e.getDomAttribute("data-index"))))
        .toList();
  }

  @Test
  void drawsEverySpanInOrderWithTheGapVisible() {
    openTrace(1280);
    List<WebElement> rows = rowsInOrder();
    assertThat(rows).extracting(r -> r.getDomAttribute("data-span-id")).containsExactlyElementsOf(UiSeed.CHECKOUT_ORDER);
    // Rows are stacked top to bottom in that order, each a level deeper than its parent.
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i).getRect().getY()).isGreaterThan(rows.get(i - 1).getRect().getY());
    }
    assertThat(rows).extracting(r -> r.getDomAttribute("aria-level")).containsExactly("1", "2", "3", "4", "5", "6", "4", "4", "4");

    WebElement gapRow = row(UiSeed.GAP_SPAN);
    WebElement gap = gapRow.findElement(By.cssSelector(".wf-gap"));
    WebElement track = gapRow.findElement(By.cssSelector(".wf-track"));
    assertThat(gap.isDisplayed()).isTrue();
    // The call to the third party waits ~1 s of a 1.2 s trace with no span running: most of the axis.
    assertThat(gap.getRect().getWidth()).isGreaterThan(track.getRect().getWidth() * 6 / 10);
    assertThat(gap.getDomAttribute("title")).contains("third-party-api");
    assertThat(browser.driver().findElement(By.id("explanation")).getText()).contains("third-party-api");
    browser.screenshot("trace-1280");
  }

  @Test
  void marksTheCriticalPathAndErrors() {
    openTrace(1280);
    assertThat(row(UiSeed.GAP_SPAN).getDomAttribute("class")).contains("on-critical-path");
    assertThat(row(UiSeed.GAP_SPAN).findElements(By.cssSelector(".wf-cp"))).isNotEmpty();
    assertThat(row("a000000000000001").getDomAttribute("class")).contains("on-critical-path");
    // The cache read ran beside the slow call and ended long before it: nobody waited for it.
    assertThat(row(UiSeed.PARALLEL_SPAN).getDomAttribute("class")).doesNotContain("on-critical-path");
    assertThat(row(UiSeed.PARALLEL_SPAN).findElements(By.cssSelector(".wf-cp"))).isEmpty();
    assertThat(row(UiSeed.ERROR_SPAN).getDomAttribute("class")).contains("error");
    assertThat(row(UiSeed.ERROR_SPAN).findElement(By.cssSelector(".wf-err")).isDisplayed()).isTrue();
  }

  @Test
  void spanDetailsShowAttributesEventsAndTheLinkToLogs() {
    openTrace(1280);
    row(UiSeed.ERROR_SPAN).findElement(By.cssSelector(".wf-label")).click();
    WebElement details = browser.await(By.cssSelector("#span-details:not([hidden])"));
    assertThat(details.getText()).contains("charge card", UiSeed.ERROR_SPAN, "ERROR", "card declined", "retrying");
    WebElement logs = details.findElement(By.cssSelector("a.logs-link"));
    assertThat(logs.getDomAttribute("href")).startsWith("/logs?").contains("query=" + UiSeed.CHECKOUT_TRACE);
    assertThat(browser.driver().getCurrentUrl()).contains("span=" + UiSeed.ERROR_SPAN);
    browser.screenshot("trace-details-1280");

    logs.click();
    browser.waiting().until(d -> d.getCurrentUrl().contains("/logs?"));
    assertThat(browser.await(By.id("log-query")).getDomProperty("value")).isEqualTo(UiSeed.CHECKOUT_TRACE);
  }

  @Test
  void keyboardMovesSelectsAndCollapses() {
    openTrace(1280);
    WebElement tree = browser.driver().findElement(By.cssSelector(".wf-scroll[role=tree]"));
    tree.sendKeys(Keys.HOME);
    browser.waiting().until(d -> row(UiSeed.CHECKOUT_ORDER.get(0)).getDomAttribute("aria-selected").equals("true"));
    tree.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
    browser.waiting().until(d -> row(UiSeed.CHECKOUT_ORDER.get(2)).getDomAttribute("aria-selected").equals("true"));
    assertThat(tree.getDomAttribute("aria-activedescendant")).isEqualTo("wf-row-" + UiSeed.CHECKOUT_ORDER.get(2));
    // Left on an expanded span collapses its subtree: the checkout server's five descendants disappear.
    tree.sendKeys(Keys.ARROW_LEFT);
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == 3);
    assertThat(row(UiSeed.CHECKOUT_ORDER.get(2)).getDomAttribute("aria-expanded")).isEqualTo("false");
    tree.sendKeys(Keys.ARROW_RIGHT);
    browser.waiting().until(d -> d.findElements(By.cssSelector(".wf-row")).size() == UiSeed.CHECKOUT_ORDER.size());
    // The details panel follows the selection.
    assertThat(browser.await(By.cssSelector("#span-details:not([hidden])")).getText()).contains("POST /orders");
  }

  @Test
  void findMarksMatchingSpansAndEnterSelectsThem() {
    openTrace(1280);
    browser.driver().findElement(By.tagName("body")).sendKeys("/");
    WebElement find = browser.driver().switchTo().activeElement();
    assertThat(find.getDomAttribute("id")).isEqualTo("find-span");
    find.sendKeys("stock");
    browser.waiting().until(d -> d.findElement(By.id("find-count")).getText().equals("3 matches"));
    assertThat(browser.driver().findElements(By.cssSelector(".wf-row.match")))
        .extracting(r -> r.getDomAttribute("data-span-id"))
        .containsExactlyInAnyOrder("a000000000000004", "a000000000000005", "a000000000000006");
    find.sendKeys(Keys.ENTER);
    browser.waiting().until(d -> row("a000000000000004").getDomAttribute("aria-selected").equals("true"));
    find.sendKeys(Keys.ENTER);
    browser.waiting().until(d -> row("a000000000000005").getDomAttribute("aria-selected").equals("true"));
    // Status messages (and attribute values) match too.
    find.clear();
    find.sendKeys("card declined");
    browser.waiting().until(d -> d.findElement(By.id("find-count")).getText().equals("1 match"));
    find.sendKeys(Keys.ENTER);
    browser.waiting().until(d -> row(UiSeed.ERROR_SPAN).getDomAttribute("aria-selected").equals("true"));
  }

  @Test
  void readableAtPhoneWidth() {
    openTrace(390);
    long scrollWidth = (Long) browser.js("return document.documentElement.scrollWidth");
    assertThat(scrollWidth).as("no horizontal scrolling at 390 px").isLessThanOrEqualTo(390);
    assertThat(row(UiSeed.GAP_SPAN).findElement(By.cssSelector(".wf-gap")).isDisplayed()).isTrue();
    browser.screenshot("trace-390");
    WebElement label = row(UiSeed.GAP_SPAN).findElement(By.cssSelector(".wf-label"));
    browser.js("arguments[0].scrollIntoView({block: 'center'})", label);
    label.click();
    assertThat(browser.await(By.cssSelector("#span-details:not([hidden])")).getText()).contains("GET /rates");
    browser.screenshot("trace-details-390");
  }

  @Test
  void unknownTraceSaysSo() {
    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces/0123456789abcdef0123456789abcdef"));
    assertThat(browser.await(By.cssSelector(".error-box")).getText()).contains("not found");
  }

  private WebElement row(String spanId) {
    return browser.driver().findElement(By.cssSelector(".wf-row[data-span-id='" + spanId + "']"));
  }
}
