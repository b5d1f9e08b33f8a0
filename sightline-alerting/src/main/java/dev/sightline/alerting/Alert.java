package dev.sightline.alerting;

import dev.sightline.model.metric.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert instance as the rule engine hands it to notification routing, in Alertmanager's terms:
 * identity is the label set (including {@code alertname}); {@code startsAt} is when it began firing;
 * {@code endsAt} is when it resolved, or, while firing, a point a few evaluation intervals ahead after
 * which it counts as resolved unless re-sent (as Prometheus sets it); annotations are already expanded.
 *
 * @param labels the alert's labels, {@code alertname} included
 * @param annotations expanded annotation templates (summary, description, runbook_url...)
 * @param startsAt when the alert started firing
 * @param endsAt when it resolved, or the time it is considered resolved if not re-sent
 * @param generatorUrl a link back to the expression that produced it
 * @param value the expression's value at the last evaluation
 */
public record Alert(Labels labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                    String generatorUrl, double value) {
  public Alert {
    Objects.requireNonNull(labels, "labels");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    Objects.requireNonNull(startsAt, "startsAt");
    generatorUrl = generatorUrl == null ? "" : generatorUrl;
  }

  public String name() {
    String n = labels.get("alertname");
    return n == null ? "" : n;
  }

  /** Resolved at {@code now}: its end lies in the past. */
  public boolean resolvedAt(Instant now) {
    return endsAt != null && !endsAt.isAfter(now);
  }

  /** Alertmanager's fingerprint: a stable hash of the label set, as hex. */
  public String fingerprint() {
    long h = 0xcbf29ce484222325L; // FNV-1a over name\xffvalue\xff pairs, sorted by name
    for (int i = 0; i < labels.size(); i++) {
      for (String s : new String[] {labels.name(i), labels.value(i)}) {
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          h ^= b & 0xff;
          h *= 0x100000001b3L;
        }
        h ^= 0xff;
        h *= 0x100000001b3L;
      }
    }
    return String.format("%016x", h);
  }
}
