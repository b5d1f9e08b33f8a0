package dev.sightline.alerting.notify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.notify.Notification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notifications not yet accepted by their receiver, journaled (an {@code add} line when queued, a
 * {@code done} line when delivered or dropped, both fsynced) so that a restart loses none; compacted when
 * finished entries dominate. Bounded: when full, the oldest pending notification is dropped and counted.
 */
public final class DeliveryQueue {
  /** A queued notification for integration {@code index} of {@code receiver}. */
  public record Pending(String id, String receiver, int index, String type, Notification notification,
                        Instant queuedAt, int attempts, Instant nextAttempt) {}

  private record Line(String op, String id, Pending item) {}

  private final JsonLines journal;
  private final int capacity;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private int doneLines;

  public DeliveryQueue(Path file, int capacity) {
    this.journal = new JsonLines(file);
    this.capacity = capacity;
    for (JsonNode n : journal.readAll()) {
      Line l = JsonLines.JSON.convertValue(n, Line.class);
      if (l.op().equals("add")) {
        pending.put(l.item().id(), l.item());
      } else {
        pending.remove(l.id());
      }
    }
    journal.rewrite(pending.values().stream().map(p -> new Line("add", p.id(), p)).toList());
  }

  /** Queues a notification; returns what had to be dropped to make room (usually nothing). */
  public synchronized List<Pending> add(String receiver, int index, String type, Notification n, Instant now) {
    List<Pending> dropped = new ArrayList<>();
    while (pending.size() >= capacity) {
      Pending oldest = pending.values().iterator().next();
      dropped.add(oldest);
      done(oldest.id());
    }
    Pending p = new Pending(UUID.randomUUID().toString(), receiver, index, type, n, now, 0, now);
    journal.append(new Line("add", p.id(), p));
    pending.put(p.id(), p);
    return dropped;
  }

  public synchronized List<Pending> due(Instant now) {
    return pending.values().stream().filter(p -> !p.nextAttempt().isAfter(now)).toList();
  }

  public synchronized void retryAt(Pending p, Instant next) {
    if (pending.containsKey(p.id())) {
      Pending q = new Pending(p.id(), p.receiver(), p.index(), p.type(), p.notification(), p.queuedAt(),
          p.attempts() + 1, next);
      pending.put(p.id(), q);
      // Attempt counts live in memory only: after a restart every pending item is simply due again.
    }
  }

  public synchronized void done(String id) {
    if (pending.remove(id) != null) {
      journal.append(new Line("done", id, null));
      if (++doneLines > 1000 && doneLines > 4 * pending.size()) {
        journal.rewrite(pending.values().stream().map(p -> new Line("add", p.id(), p)).toList());
        doneLines = 0;
      }
    }
  }

  public synchronized List<Pending> all() {
    return new ArrayList<>(pending.values());
  }

  public synchronized void close() {
    journal.close();
  }
}
