package dev.sightline.instrument.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.instrument.health.CheckKind;
import dev.sightline.instrument.health.CheckResult;
import dev.sightline.instrument.health.HealthReport;
import dev.sightline.instrument.health.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "plain",
      "quote \" and backslash \\ and slash /",
      "\",\"status\":\"UP\"}",           // tries to close the string and forge a field
      "line\nbreak\r\ttab\b\f",
      "nul \u0000 bell \u0007 esc \u001b del \u007f",
      "</script><script>alert(1)</script> & more",
      "js line terminators \u2028 \u2029",
      "emoji \uD83D\uDE00 and accents é ü 漢字",
      "",
  })
  void hostileTextRoundTripsAsOneJsonString(String hostile) throws Exception {
    String json = new JsonWriter().beginObject().name("error").value(hostile).name("k").value(1).endObject().toString();
    JsonNode node = JSON.readTree(json);
    assertThat(node.size()).isEqualTo(2);
    assertThat(node.get("error").asText()).isEqualTo(hostile);
    assertThat(json).doesNotContain("<", ">", "\n", "\u2028");
  }

  @Test
  void unpairedSurrogatesAreEscapedNotMangled() throws Exception {
    String lone = "high \uD800 then low \uDC00 end";
    String json = new JsonWriter().beginArray().value(lone).endArray().toString();
    assertThat(json).contains("\\ud800").contains("\\udc00");
    assertThat(JSON.readTree(json).get(0).asText()).isEqualTo(lone);
  }

  @Test
  void reportJsonCarriesEveryFieldAndSurvivesHostileErrors() throws Exception {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    String hostile = "boom\"}],\"status\":\"UP\",\"x\":[{\"\n\u0001";
    HealthReport report = new HealthReport(CheckKind.READINESS, HealthStatus.DEGRADED, List.of(
        new CheckResult("db", CheckKind.READINESS, HealthStatus.UP, 3, null, true, at),
        new CheckResult("rates \"api\"", CheckKind.READINESS, HealthStatus.DOWN, 2000, hostile, false, at)));
    JsonNode node = JSON.readTree(report.toJson());
    assertThat(node.get("status").asText()).isEqualTo("DEGRADED");
    assertThat(node.get("probe").asText()).isEqualTo("ready");
    assertThat(node.get("checks")).hasSize(2);
    JsonNode db = node.get("checks").get(0);
    assertThat(db.get("error").isNull()).isTrue();
    assertThat(db.get("critical").asBoolean()).isTrue();
    assertThat(db.get("durationMs").asLong()).isEqualTo(3);
    assertThat(db.get("checkedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    JsonNode rates = node.get("checks").get(1);
    assertThat(rates.get("name").asText()).isEqualTo("rates \"api\"");
    assertThat(rates.get("error").asText()).isEqualTo(hostile);
    assertThat(rates.get("critical").asBoolean()).isFalse();
    assertThat(rates.get("status").asText()).isEqualTo("DOWN");
  }

  @Test
  void longErrorsAreTruncated() {
    String huge = "x".repeat(100_000);
    assertThat(CheckRunner.errorText(new RuntimeException(huge))).hasSize(CheckRunner.MAX_ERROR_LENGTH + 3).endsWith("...");
  }
}
