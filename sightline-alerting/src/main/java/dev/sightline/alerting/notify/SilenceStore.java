package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.notify.internal.JsonLines;
import dev.sightline.model.metric.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Silences: create, list, expire. Persisted as a JSON-lines snapshot rewritten on each change (silences
 * change rarely), so they survive restarts and config reloads. Thread-safe.
 */
public final class SilenceStore {
  private final Clock clock;
  private final JsonLines journal;
  private final Map<String, Silence> silences = new LinkedHashMap<>();

  SilenceStore(Clock clock, Path file) {
    this.clock = clock;
    this.journal = new JsonLines(file);
    for (JsonNode n : journal.readAll()) {
      Silence s = JsonLines.JSON.convertValue(n, Silence.class);
      silences.put(s.id(), s);
    }
  }

  /**
   * Creates a silence; {@code id} in the argument is ignored and a new one assigned. Rejects silences
   * without matchers or ending before they start.
   */
  public synchronized Silence create(Silence request) {
    if (request.matchers().isEmpty()) {
      throw new IllegalArgumentException("a silence needs at least one matcher");
    }
    if (!request.endsAt().isAfter(request.startsAt())) {
      throw new IllegalArgumentException("endsAt must be after startsAt");
    }
    if (!request.endsAt().isAfter(clock.instant())) {
      throw new IllegalArgumentException("endsAt is in the past");
    }
    Silence s = new Silence(UUID.randomUUID().toString(), request.matchers(), request.startsAt(), request.endsAt(),
        request.createdBy(), request.comment(), request.schedule());
    silences.put(s.id(), s);
    persist();
    return s;
  }

  /** Ends a silence now; returns false when unknown or already expired. */
  public synchronized boolean expire(String id) {
    Silence s = silences.get(id);
    Instant now = clock.instant();
    if (s == null || s.state(now) == Silence.State.EXPIRED) {
      return false;
    }
    Instant start = s.startsAt().isAfter(now) ? now : s.startsAt();
    silences.put(id, new Silence(id, s.matchers(), start, now, s.createdBy(), s.comment(), s.schedule()));
    persist();
    return true;
  }

  public synchronized List<Silence> list() {
    List<Silence> out = new ArrayList<>(silences.values());
    out.sort(Comparator.comparing(Silence::startsAt));
    return out;
  }

  public synchronized Silence get(String id) {
    return silences.get(id);
  }

  /** Ids of silences muting these labels now. */
  public synchronized List<String> mutedBy(Labels labels, Instant now) {
    List<String> ids = new ArrayList<>();
    for (Silence s : silences.values()) {
      if (s.mutes(labels, now)) {
        ids.add(s.id());
      }
    }
    return ids;
  }

  private void persist() {
    journal.rewrite(new ArrayList<>(silences.values()));
  }
}
