package dev.sightline.alerting.notify;

import dev.sightline.alerting.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.alerting.notify.internal.JsonLines;
import dev.sightline.model.metric.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk state after a crash mid-write, and the JSON shapes the HTTP API exposes. */
class JournalRecoveryTest {
  private static final String CONFIG = """
      route: {receiver: hook, group_by: [alertname]}
      receivers: [{name: hook, webhook_configs: [{url: 'http://127.0.0.1:9/'}]}]
      """;

  @Test
  void tornOrGarbageJournalLinesAreSkipped(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-20T10:00:00Z"));
    List<Notification> sent = new ArrayList<>();
    Dispatcher d = Dispatcher.builder(NotifyConfigParser.parse(CONFIG, "c.yml")).clock(clock).dataDir(dir)
        .transport((i, n) -> {
          throw new java.io.IOException("down");
        }).build();
    d.send(List.of(new Alert(Labels.of("alertname", "X"), Map.of(), clock.instant(), clock.instant().plusSeconds(3600), "", 1)));
    clock.advance(Duration.ofSeconds(30));
    d.tick();
    d.close();
    Path queue = dir.resolve("notify/queue.jsonl");
    Path history = dir.resolve("notify/history.jsonl");
    Files.writeString(queue, "{\"op\":\"add\",\"id\":\"x\",\"item\":{\"id\":\"x\",\"rece", StandardOpenOption.APPEND);
    Files.writeString(history, "\u0000\u0000garbage\n", StandardOpenOption.APPEND);

    Dispatcher restarted = Dispatcher.builder(NotifyConfigParser.parse(CONFIG, "c.yml")).clock(clock).dataDir(dir)
        .transport((i, n) -> sent.add(n)).build();
    restarted.tick();
    assertThat(sent).hasSize(1);
    assertThat(restarted.history().query(null, null, "X", "", 10)).extracting(HistoryEvent::kind)
        .containsExactly("firing", "notify_failed", "notified");
  }

  @Test
  void silenceJsonShapeRoundTrips() throws Exception {
    Silence s = new Silence("id-1", List.of(Matcher.of("alertname", Matcher.Op.RE, "Backup.*")),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), "ops", "weekly window",
        List.of(new TimeInterval.Spec(List.of(new TimeInterval.TimeRange(120, 240)), List.of(new TimeInterval.Range(0, 0)),
            List.of(), List.of(), List.of(), ZoneId.of("Europe/Berlin"))));
    String json = JsonLines.JSON.writeValueAsString(s);
    JsonNode n = JsonLines.JSON.readTree(json);
    assertThat(n.get("matchers").get(0).toString()).isEqualTo("{\"name\":\"alertname\",\"op\":\"RE\",\"value\":\"Backup.*\"}");
    assertThat(n.get("startsAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(n.get("schedule").get(0).get("location").asText()).isEqualTo("Europe/Berlin");
    assertThat(n.get("schedule").get(0).get("times").get(0).get("startMinute").asInt()).isEqualTo(120);
    assertThat(JsonLines.JSON.readValue(json, Silence.class)).isEqualTo(s);
  }
}
