package dev.sightline.alerting.notify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.Alert;
import dev.sightline.model.metric.Labels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher's alerts and per-group notification log, snapshotted after each tick that changed
 * them, so that a restart neither re-notifies what receivers were already told (Alertmanager keeps an
 * nflog for the same reason) nor records still-firing alerts as firing anew in the history.
 */
public final class DispatchState {
  public record StoredAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                            Instant endsAt, String generatorUrl, double value) {
    public static StoredAlert of(Alert a) {
      return new StoredAlert(a.labels().asMap(), a.annotations(), a.startsAt(), a.endsAt(), a.generatorUrl(), a.value());
    }

    public Alert toAlert() {
      return new Alert(Labels.ofMap(labels), annotations, startsAt, endsAt, generatorUrl, value);
    }
  }

  public record StoredGroup(String mapKey, Instant nextFlush, boolean flushed, Instant lastNotified,
                            Map<Integer, AggregationGroup.LogEntry> log) {}

  public record Snapshot(List<StoredAlert> alerts, List<String> firing, List<StoredGroup> groups) {}

  private final JsonLines file;

  public DispatchState(Path path) {
    this.file = new JsonLines(path);
  }

  /** The last snapshot, or null. */
  public Snapshot load() {
    List<JsonNode> lines = file.readAll();
    return lines.isEmpty() ? null : JsonLines.JSON.convertValue(lines.get(lines.size() - 1), Snapshot.class);
  }

  public void save(Snapshot s) {
    file.rewrite(new ArrayList<>(List.of(s)));
  }
}
