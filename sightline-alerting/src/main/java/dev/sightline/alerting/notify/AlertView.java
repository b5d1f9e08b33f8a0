package dev.sightline.alerting.notify;

import dev.sightline.alerting.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert as notifications and the API show it (Alertmanager's webhook alert plus Sightline's state).
 *
 * @param status {@code firing} or {@code resolved}
 * @param silencedBy ids of active silences that match it
 * @param inhibited whether an inhibition rule mutes it
 * @param ackedBy who acknowledged it, or empty
 */
public record AlertView(String fingerprint, String status, Map<String, String> labels, Map<String, String> annotations,
                        Instant startsAt, Instant endsAt, String generatorUrl, List<String> silencedBy,
                        boolean inhibited, String ackedBy) {
  public AlertView {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    silencedBy = List.copyOf(silencedBy);
    ackedBy = ackedBy == null ? "" : ackedBy;
  }

  public static AlertView of(Alert a, Instant now) {
    return new AlertView(a.fingerprint(), a.resolvedAt(now) ? "resolved" : "firing", a.labels().asMap(),
        a.annotations(), a.startsAt(), a.endsAt(), a.generatorUrl(), List.of(), false, "");
  }

  public boolean firing() {
    return status.equals("firing");
  }
}
