package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.notify.internal.JsonLines;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every alert state change and notification, appended durably (JSON lines, fsync) and kept in memory up
 * to a bound (oldest dropped first, the file compacted to the same bound) for queries and the noise
 * report. Thread-safe.
 */
public final class AlertHistory {
  /** Flag an alertname that fired at least this often in the window with no ack at all. */
  public static final int NOISY_MIN_FIRINGS = 5;
  private final JsonLines journal;
  private final int maxEvents;
  private final ArrayDeque<HistoryEvent> events = new ArrayDeque<>();
  private int appendedSinceCompaction;

  AlertHistory(Path file, int maxEvents) {
    this.journal = new JsonLines(file);
    this.maxEvents = maxEvents;
    for (JsonNode n : journal.readAll()) {
      add(JsonLines.JSON.convertValue(n, HistoryEvent.class));
    }
  }

  private void add(HistoryEvent e) {
    events.addLast(e);
    while (events.size() > maxEvents) {
      events.removeFirst();
    }
  }

  synchronized void record(HistoryEvent e) {
    add(e);
    journal.append(e);
    if (++appendedSinceCompaction > maxEvents) {
      journal.rewrite(new ArrayList<>(events));
      appendedSinceCompaction = 0;
    }
  }

  /**
   * Events with {@code from <= time < to}, oldest first, filtered by alertname and receiver when those are
   * non-empty, at most {@code limit} (the newest ones).
   */
  public synchronized List<HistoryEvent> query(Instant from, Instant to, String alertname, String receiver, int limit) {
    ArrayDeque<HistoryEvent> out = new ArrayDeque<>();
    for (Iterator<HistoryEvent> it = events.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      HistoryEvent e = it.next();
      if ((from == null || !e.time().isBefore(from)) && (to == null || e.time().isBefore(to))
          && (alertname == null || alertname.isEmpty() || alertname.equals(e.alertname()))
          && (receiver == null || receiver.isEmpty() || receiver.equals(e.receiver()))) {
        out.addFirst(e);
      }
    }
    return new ArrayList<>(out);
  }

  /** The noise report over {@code [from, to)}, noisiest first. */
  public synchronized List<NoiseEntry> noise(Instant from, Instant to) {
    Map<String, Integer> fired = new TreeMap<>();
    Map<String, List<Duration>> durations = new HashMap<>();
    Map<String, Integer> acked = new HashMap<>();
    Map<String, Instant> firingSince = new HashMap<>();
    Set<String> ackedEpisode = new HashSet<>();
    for (HistoryEvent e : events) {
      if (e.time().isBefore(from) || !e.time().isBefore(to)) {
        continue;
      }
      switch (e.kind()) {
        case "firing" -> {
          fired.merge(e.alertname(), 1, Integer::sum);
          firingSince.put(e.fingerprint(), e.time());
          ackedEpisode.remove(e.fingerprint());
        }
        case "acked" -> {
          if (firingSince.containsKey(e.fingerprint()) && ackedEpisode.add(e.fingerprint())) {
            acked.merge(e.alertname(), 1, Integer::sum);
          }
        }
        case "resolved" -> {
          Instant since = firingSince.remove(e.fingerprint());
          if (since != null) {
            durations.computeIfAbsent(e.alertname(), k -> new ArrayList<>()).add(Duration.between(since, e.time()));
          }
        }
        default -> { }
      }
    }
    List<NoiseEntry> out = new ArrayList<>();
    fired.forEach((name, n) -> {
      List<Duration> d = durations.getOrDefault(name, List.of()).stream().sorted().toList();
      Duration median = d.isEmpty() ? Duration.ZERO
          : d.size() % 2 == 1 ? d.get(d.size() / 2) : d.get(d.size() / 2 - 1).plus(d.get(d.size() / 2)).dividedBy(2);
      double fraction = acked.getOrDefault(name, 0) / (double) n;
      boolean flagged = n >= NOISY_MIN_FIRINGS && acked.getOrDefault(name, 0) == 0;
      out.add(new NoiseEntry(name, n, median, fraction, flagged,
          flagged ? "fired " + n + " times in the window and was never acknowledged: delete it or downgrade its severity" : ""));
    });
    out.sort((a, b) -> Integer.compare(b.timesFired(), a.timesFired()));
    return out;
  }
}
