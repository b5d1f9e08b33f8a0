package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.notify.internal.JsonLines;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Acks by alert fingerprint, persisted (snapshot rewritten on change). Thread-safe. */
public final class Acknowledgements {
  private final JsonLines journal;
  private final Map<String, Ack> acks = new LinkedHashMap<>();

  Acknowledgements(Path file) {
    this.journal = new JsonLines(file);
    for (JsonNode n : journal.readAll()) {
      Ack a = JsonLines.JSON.convertValue(n, Ack.class);
      acks.put(a.fingerprint(), a);
    }
  }

  synchronized void put(Ack ack) {
    acks.put(ack.fingerprint(), ack);
    journal.rewrite(new ArrayList<>(acks.values()));
  }

  synchronized boolean remove(String fingerprint) {
    boolean removed = acks.remove(fingerprint) != null;
    if (removed) {
      journal.rewrite(new ArrayList<>(acks.values()));
    }
    return removed;
  }

  /** The active ack of this alert, or null. */
  public synchronized Ack get(String fingerprint, Instant now) {
    Ack a = acks.get(fingerprint);
    return a != null && a.activeAt(now) ? a : null;
  }

  public synchronized List<Ack> list() {
    return new ArrayList<>(acks.values());
  }
}
