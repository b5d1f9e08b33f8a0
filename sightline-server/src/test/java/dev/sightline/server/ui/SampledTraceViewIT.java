package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.SightlineExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** With tail sampling on, the trace view says so and names the policy that kept the trace. */
@Tag("browser")
class SampledTraceViewIT {
  @RegisterExtension @Order(1) static final SightlineExtension sightline = new SightlineExtension(
      "tail_sampling={enabled: true, decision_wait: 1s, policies: [{name: keep-errors, type: status_code, "
          + "status_code: {status_codes: [ERROR]}}]}");
  @RegisterExtension @Order(2) static final Browser browser = new Browser();

  @Test
  void theTraceViewSaysSamplingIsInEffect() throws Exception {
    Instant t = Instant.now().minusSeconds(5);
    long us = t.toEpochMilli() * 1000;
    String span = "[{\"traceId\":\"dd00000000000001\",\"id\":\"dd00000000000001\",\"kind\":\"SERVER\","
        + "\"name\":\"POST /pay\",\"timestamp\":" + us + ",\"duration\":50000,"
        + "\"localEndpoint\":{\"serviceName\":\"payment\"},\"tags\":{\"error\":\"declined\"}}]";
    HttpResponse<String> r = sightline.post(sightline.server().zipkinPort(), "/api/v2/spans", "application/json",
        span.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(202);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
        sightline.get("/api/traces/0000000000000000dd00000000000001").statusCode() == 200);

    browser.width(1280, 900);
    browser.open(sightline.httpUri("/traces/0000000000000000dd00000000000001"));
    String notice = browser.await(By.id("sampling-notice")).getText();
    assertThat(notice).contains("Tail sampling is in effect").contains("keep-errors");
    browser.screenshot("trace-sampled-1280");
  }
}
