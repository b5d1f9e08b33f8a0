package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A per-service log rate limit answers the noisy service 429 with Retry-After and leaves others alone. */
class LogRateLimitIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "ingest.log_rate_limit_per_service=0.001", "ingest.log_burst_per_service=10");

  static HttpResponse<String> send(String service, int lines) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append("{\"timestamp\":\"").append(Instant.now()).append("\",\"message\":\"m").append(i)
          .append("\",\"service\":\"").append(service).append("\"}\n");
    }
    return sightline.post(sightline.server().httpPort(), "/api/logs", "application/x-ndjson",
        sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noisyServiceIsRefusedWithRetryAfterOthersAreNot() throws Exception {
    assertThat(send("noisy", 10).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = send("noisy", 1);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("rate limit").contains("noisy");
    assertThat(send("quiet", 5).statusCode()).isEqualTo(200);
    assertThat(sightline.get("/metrics").body())
        .containsPattern("sightline_rejected_items_total\\{[^}]*reason=\"rate_limited\"[^}]*} 1");
  }
}
