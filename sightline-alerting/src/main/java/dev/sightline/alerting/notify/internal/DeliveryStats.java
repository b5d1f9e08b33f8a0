package dev.sightline.alerting.notify.internal;

import dev.sightline.alerting.notify.ReceiverStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per-integration counters behind {@link ReceiverStats}. */
public final class DeliveryStats {
  private static final class Counters {
    long sent;
    long failed;
    long retried;
    String lastError = "";
    Instant lastErrorAt;
  }

  private final Map<String, Counters> byKey = new TreeMap<>();

  private Counters of(String receiver, String integration) {
    return byKey.computeIfAbsent(receiver + "\u0000" + integration, k -> new Counters());
  }

  public synchronized void sent(String receiver, String integration) {
    of(receiver, integration).sent++;
  }

  public synchronized void retried(String receiver, String integration, String error, Instant at) {
    Counters c = of(receiver, integration);
    c.retried++;
    c.lastError = error;
    c.lastErrorAt = at;
  }

  public synchronized void failed(String receiver, String integration, String error, Instant at) {
    Counters c = of(receiver, integration);
    c.failed++;
    c.lastError = error;
    c.lastErrorAt = at;
  }

  /** Snapshot; {@code pending} counts queued notifications per receiver+integration key. */
  public synchronized List<ReceiverStats> snapshot(Map<String, Long> pending, List<String[]> configured) {
    for (String[] ri : configured) {
      of(ri[0], ri[1]);
    }
    List<ReceiverStats> out = new ArrayList<>();
    byKey.forEach((k, c) -> {
      String[] ri = k.split("\u0000", 2);
      out.add(new ReceiverStats(ri[0], ri[1], c.sent, c.failed, c.retried, pending.getOrDefault(k, 0L), c.lastError,
          c.lastErrorAt));
    });
    return out;
  }
}
