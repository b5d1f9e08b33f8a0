package dev.sightline.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium per test class, driven through Debian's chromedriver (never a driver or
 * browser downloaded at run time). Without the two binaries the tests are skipped with the command that
 * installs them; CI installs them first ({@code .ci/install-browser}) so they always run there.
 * Override the paths with {@code SIGHTLINE_CHROMIUM} and {@code SIGHTLINE_CHROMEDRIVER}.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private ChromeDriver driver;
  private Path profile;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path chromium = Path.of(env("SIGHTLINE_CHROMIUM", "/usr/bin/chromium"));
    Path chromedriver = Path.of(env("SIGHTLINE_CHROMEDRIVER", "/usr/bin/chromedriver"));
    Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
        "browser tests skipped: " + chromium + " or " + chromedriver + " is missing; install them with "
            + "`bash .ci/install-browser` (apt-get install -y chromium chromium-driver)");
    profile = Files.createTempDirectory("sightline-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // Without the networking flags Chromium tries to reach hosts this machine cannot.
    options.addArguments(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SCREENSHOTS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Sets the viewport width (CSS pixels) the page is laid out for: 1280 for a laptop, 390 for a phone. */
  void width(int cssPixels, int height) {
    driver.manage().window().setSize(new Dimension(cssPixels, height));
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
  }

  /**
   * The first element {@code by} finds, waiting up to 20 s. On timeout the failure says what the page
   * showed instead (its text, and a screenshot under target/screenshots), so a failure that does not
   * repeat on a second run still leaves its evidence.
   */
  WebElement await(By by) {
    try {
      return waiting().until(d -> {
        List<WebElement> found = d.findElements(by);
        return found.isEmpty() ? null : found.get(0);
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      Path shot = screenshot("timeout-" + by.toString().replaceAll("[^A-Za-z0-9]+", "-"));
      String text;
      try {
        text = driver.findElement(By.tagName("body")).getText();
      } catch (RuntimeException unreadable) {
        text = "(page text unreadable: " + unreadable.getMessage() + ")";
      }
      throw new org.openqa.selenium.TimeoutException("no " + by + " on " + driver.getCurrentUrl()
          + " after 20 s; screenshot " + shot + "; the page showed:\n"
          + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text), e);
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Writes target/screenshots/{name}.png, so every run leaves pictures of what the pages look like. */
  Path screenshot(String name) {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path out = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.write(out, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
