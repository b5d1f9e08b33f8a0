package dev.sightline.alerting.notify;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertSink;
import dev.sightline.alerting.notify.config.NotifyConfig;
import dev.sightline.alerting.notify.config.ReceiverConfig;
import dev.sightline.alerting.notify.config.RouteConfig;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.alerting.notify.internal.AggregationGroup;
import dev.sightline.alerting.notify.internal.AggregationGroup.LogEntry;
import dev.sightline.alerting.notify.internal.DeliveryQueue;
import dev.sightline.alerting.notify.internal.DeliveryQueue.Pending;
import dev.sightline.alerting.notify.internal.DeliveryStats;
import dev.sightline.alerting.notify.internal.DispatchState;
import dev.sightline.alerting.notify.internal.Inhibitor;
import dev.sightline.alerting.notify.internal.RouteTree;
import dev.sightline.alerting.notify.receiver.Transport;
import dev.sightline.model.metric.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notification side, Alertmanager-compatible: receives alerts from the rule engine ({@link #send}),
 * routes them through the tree, groups them, applies silences, inhibition, time intervals and acks, and
 * notifies receivers on Alertmanager's timers (group_wait, group_interval, repeat_interval). Nothing
 * happens on a timer of its own: the owner calls {@link #tick()} (the server every second; tests after
 * moving their clock), which flushes due groups and delivers due notifications through the durable
 * queue, retrying failures with backoff.
 *
 * <p>State under {@code dataDir/notify/}: the delivery queue, silences, acks, history, and a snapshot of
 * the alerts and of what each receiver was last told (written after each tick that changed them) survive
 * a restart, so a restart neither loses a pending notification nor repeats a sent one.
 */
public final class Dispatcher implements AlertSink, AutoCloseable {
  private final Clock clock;
  private final Transport transport;
  private final String externalUrl;
  private final RetryPolicy retry;
  private final Random random;
  private final DeliveryQueue queue;
  private final DeliveryStats stats = new DeliveryStats();
  private final SilenceStore silences;
  private final Acknowledgements acks;
  private final AlertHistory history;
  private final DispatchState state;
  private boolean dirty;
  private final Object lock = new Object();
  /** One delivery pass at a time, so that concurrent ticks never send the same notification twice. */
  private final Object deliveryLock = new Object();
  private NotifyConfig config;
  private final Map<String, Alert> alerts = new LinkedHashMap<>();
  private final Set<String> firing = new HashSet<>();
  private final Map<String, AggregationGroup> groups = new LinkedHashMap<>();

  private Dispatcher(Builder b) {
    this.clock = b.clock;
    this.transport = b.transport;
    this.externalUrl = b.externalUrl;
    this.retry = b.retry;
    this.random = b.random;
    this.config = Objects.requireNonNull(b.config, "config");
    Path dir = b.dataDir == null ? null : b.dataDir.resolve("notify");
    this.queue = new DeliveryQueue(dir == null ? null : dir.resolve("queue.jsonl"), b.queueCapacity);
    this.silences = new SilenceStore(clock, dir == null ? null : dir.resolve("silences.jsonl"));
    this.acks = new Acknowledgements(dir == null ? null : dir.resolve("acks.jsonl"));
    this.history = new AlertHistory(dir == null ? null : dir.resolve("history.jsonl"), b.historyLimit);
    this.state = new DispatchState(dir == null ? null : dir.resolve("state.json"));
    restore();
  }

  private void restore() {
    DispatchState.Snapshot s = state.load();
    if (s == null) {
      return;
    }
    Instant now = clock.instant();
    firing.addAll(s.firing());
    for (DispatchState.StoredAlert sa : s.alerts()) {
      Alert a = sa.toAlert();
      alerts.put(a.fingerprint(), a);
      for (RouteConfig route : RouteTree.match(config.route(), a.labels())) {
        insert(route, a, now);
      }
    }
    for (DispatchState.StoredGroup sg : s.groups()) {
      AggregationGroup g = groups.get(sg.mapKey());
      if (g != null) {
        g.nextFlush = sg.nextFlush();
        g.flushed = sg.flushed();
        g.lastNotified = sg.lastNotified();
        g.log.putAll(sg.log());
      }
    }
  }

  /** Called under {@code lock} at the end of a tick that changed something. */
  private void snapshot() {
    List<DispatchState.StoredAlert> stored = alerts.values().stream().map(DispatchState.StoredAlert::of).toList();
    List<DispatchState.StoredGroup> gs = new ArrayList<>();
    groups.forEach((k, g) -> gs.add(new DispatchState.StoredGroup(k, g.nextFlush, g.flushed, g.lastNotified, g.log)));
    state.save(new DispatchState.Snapshot(stored, new ArrayList<>(firing), gs));
    dirty = false;
  }

  public static Builder builder(NotifyConfig config) {
    return new Builder(config);
  }

  /** Accepts the rule engine's alerts (firing, and resolved for a while after); cheap, no I/O but history. */
  @Override
  public void send(List<Alert> batch) {
    Instant now = clock.instant();
    synchronized (lock) {
      for (Alert in : batch) {
        Alert a = in.endsAt() != null ? in : new Alert(in.labels(), in.annotations(), in.startsAt(),
            now.plus(config.resolveTimeout()), in.generatorUrl(), in.value());
        String fp = a.fingerprint();
        Alert prev = alerts.get(fp);
        if (prev == null && a.resolvedAt(now)) {
          continue; // resolved and never seen firing: nobody was told, nothing to tell
        }
        if (prev != null && !prev.resolvedAt(now) && prev.startsAt().isBefore(a.startsAt())) {
          a = new Alert(a.labels(), a.annotations(), prev.startsAt(), a.endsAt(), a.generatorUrl(), a.value());
        }
        alerts.put(fp, a);
        dirty = true;
        transition(a, now);
        for (RouteConfig route : RouteTree.match(config.route(), a.labels())) {
          insert(route, a, now);
        }
      }
    }
  }

  private void insert(RouteConfig route, Alert a, Instant now) {
    Map<String, String> gl = RouteTree.groupLabels(route, a.labels());
    String key = AggregationGroup.keyOf(route, gl);
    AggregationGroup g = groups.computeIfAbsent(key + "\u0000" + route.line(),
        k -> new AggregationGroup(route, key, gl, now.plus(route.groupWait())));
    g.alerts.put(a.fingerprint(), a);
    // Alertmanager: an alert older than group_wait in a group not yet flushed is sent right away
    if (!g.flushed && a.startsAt().plus(route.groupWait()).isBefore(now)) {
      g.nextFlush = now;
    }
  }

  private void transition(Alert a, Instant now) {
    String fp = a.fingerprint();
    boolean isFiring = !a.resolvedAt(now);
    if (isFiring && firing.add(fp)) {
      dirty = true;
      history.record(event(now, "firing", a, "", "", ""));
    } else if (!isFiring && firing.remove(fp)) {
      dirty = true;
      history.record(event(now, "resolved", a, "", "", ""));
      acks.remove(fp);
    }
  }

  private static HistoryEvent event(Instant t, String kind, Alert a, String receiver, String groupKey, String detail) {
    return new HistoryEvent(t, kind, a.name(), a.fingerprint(), a.labels().asMap(), receiver, groupKey, detail);
  }

  /** Flushes every group whose timer is due, then delivers every due notification. */
  public void tick() {
    Instant now = clock.instant();
    synchronized (lock) {
      for (Alert a : alerts.values()) {
        transition(a, now);
      }
      alerts.values().removeIf(a -> a.resolvedAt(now) && a.endsAt().plus(Duration.ofHours(1)).isBefore(now));
      for (AggregationGroup g : new ArrayList<>(groups.values())) {
        if (!g.nextFlush.isAfter(now)) {
          flush(g, now);
        }
      }
      groups.values().removeIf(g -> g.alerts.isEmpty());
      if (dirty) {
        snapshot();
      }
    }
    deliver(now);
  }

  private void flush(AggregationGroup g, Instant now) {
    dirty = true;
    g.nextFlush = now.plus(g.route.groupInterval());
    g.flushed = true;
    List<Alert> snapshot = new ArrayList<>(g.alerts.values());
    List<AlertView> firingViews = new ArrayList<>();
    List<AlertView> resolvedViews = new ArrayList<>();
    boolean allAcked = true;
    for (Alert a : snapshot) {
      if (!silences.mutedBy(a.labels(), now).isEmpty() || Inhibitor.inhibited(a, alerts.values(), config.inhibitRules(), now)) {
        continue;
      }
      if (a.resolvedAt(now)) {
        resolvedViews.add(AlertView.of(a, now));
      } else {
        firingViews.add(AlertView.of(a, now));
        allAcked &= acks.get(a.fingerprint(), now) != null;
      }
    }
    if (!mutedByTime(g.route, now)) {
      ReceiverConfig receiver = config.receivers().get(g.route.receiver());
      Set<String> firingFps = fingerprints(firingViews);
      Set<String> resolvedFps = fingerprints(resolvedViews);
      for (int i = 0; receiver != null && i < receiver.integrations().size(); i++) {
        ReceiverConfig.Integration integ = receiver.integrations().get(i);
        LogEntry entry = g.log.get(i);
        if (!needsUpdate(entry, firingFps, resolvedFps, integ.sendResolved(), g.route.repeatInterval(), allAcked, now)) {
          continue;
        }
        List<AlertView> list = new ArrayList<>(firingViews);
        if (integ.sendResolved()) {
          list.addAll(resolvedViews);
        }
        if (!list.isEmpty()) {
          Notification n = Notification.of(receiver.name(), g.key, g.groupLabels, list, externalUrl);
          for (Pending dropped : queue.add(receiver.name(), i, integ.type(), n, now)) {
            stats.failed(dropped.receiver(), dropped.type() + "[" + dropped.index() + "]", "queue full", now);
          }
          g.lastNotified = now;
        }
        g.log.put(i, new LogEntry(firingFps, resolvedFps, now));
      }
    }
    for (Alert a : snapshot) {
      if (a.resolvedAt(now)) {
        g.alerts.remove(a.fingerprint(), a);
      }
    }
  }

  /** Alertmanager's DedupStage decision, plus acks: acked alerts are not repeated. */
  static boolean needsUpdate(LogEntry entry, Set<String> firing, Set<String> resolved, boolean sendResolved,
                             Duration repeat, boolean allFiringAcked, Instant now) {
    if (entry == null) {
      return !firing.isEmpty();
    }
    if (!entry.firing().containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !entry.firing().isEmpty();
    }
    if (sendResolved && !entry.resolved().containsAll(resolved)) {
      return true;
    }
    return !allFiringAcked && entry.at().isBefore(now.minus(repeat));
  }

  private boolean mutedByTime(RouteConfig route, Instant now) {
    for (String name : route.muteTimeIntervals()) {
      TimeInterval ti = config.timeIntervals().get(name);
      if (ti != null && ti.contains(now)) {
        return true;
      }
    }
    if (route.activeTimeIntervals().isEmpty()) {
      return false;
    }
    for (String name : route.activeTimeIntervals()) {
      TimeInterval ti = config.timeIntervals().get(name);
      if (ti != null && ti.contains(now)) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> fingerprints(List<AlertView> views) {
    Set<String> s = new TreeSet<>();
    views.forEach(v -> s.add(v.fingerprint()));
    return s;
  }

  private void deliver(Instant now) {
    synchronized (deliveryLock) {
      deliverDue(now);
    }
  }

  private void deliverDue(Instant now) {
    for (Pending p : queue.due(now)) {
      String integration = p.type() + "[" + p.index() + "]";
      ReceiverConfig.Integration integ;
      synchronized (lock) {
        ReceiverConfig r = config.receivers().get(p.receiver());
        integ = r != null && p.index() < r.integrations().size() && r.integrations().get(p.index()).type().equals(p.type())
            ? r.integrations().get(p.index()) : null;
      }
      if (integ == null) {
        queue.done(p.id());
        stats.failed(p.receiver(), integration, "receiver no longer configured", now);
        history.record(notifyEvent(now, "notify_dropped", p, integration + ": receiver no longer configured"));
        continue;
      }
      try {
        transport.deliver(integ, p.notification());
        queue.done(p.id());
        stats.sent(p.receiver(), integration);
        history.record(notifyEvent(now, "notified", p, integration + " " + p.notification().status()));
      } catch (Exception e) {
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!p.queuedAt().plus(retry.giveUpAfter()).isAfter(now)) {
          queue.done(p.id());
          stats.failed(p.receiver(), integration, error, now);
          history.record(notifyEvent(now, "notify_dropped", p, integration + ": " + error));
        } else {
          double r;
          synchronized (random) {
            r = random.nextDouble();
          }
          queue.retryAt(p, now.plus(retry.backoff(p.attempts(), r)));
          stats.retried(p.receiver(), integration, error, now);
          history.record(notifyEvent(now, "notify_failed", p, integration + ": " + error));
        }
      }
    }
  }

  private static HistoryEvent notifyEvent(Instant now, String kind, Pending p, String detail) {
    Notification n = p.notification();
    String name = n.groupLabels().getOrDefault("alertname", n.commonLabels().getOrDefault("alertname", ""));
    return new HistoryEvent(now, kind, name, "", n.groupLabels(), p.receiver(), n.groupKey(), detail);
  }

  /**
   * Replaces the configuration, keeping alerts, silences, acks, history, the queue, and the timers and
   * notification log of every group that still exists under the new routing.
   */
  public void reload(NotifyConfig newConfig) {
    Instant now = clock.instant();
    synchronized (lock) {
      dirty = true;
      Map<String, AggregationGroup> old = new HashMap<>(groups);
      groups.clear();
      this.config = newConfig;
      for (Alert a : alerts.values()) {
        for (RouteConfig route : RouteTree.match(config.route(), a.labels())) {
          insert(route, a, now);
        }
      }
      for (Map.Entry<String, AggregationGroup> e : groups.entrySet()) {
        AggregationGroup before = old.get(e.getKey());
        if (before != null) {
          AggregationGroup g = e.getValue();
          g.nextFlush = before.nextFlush;
          g.flushed = before.flushed;
          g.lastNotified = before.lastNotified;
          g.log.putAll(before.log);
        }
      }
    }
  }

  public NotifyConfig config() {
    synchronized (lock) {
      return config;
    }
  }

  /** Where alerts with these labels go, as {@code amtool config routes test} answers it. */
  public List<RouteDecision> routes(Labels labels) {
    synchronized (lock) {
      List<RouteDecision> out = new ArrayList<>();
      for (RouteConfig r : RouteTree.match(config.route(), labels)) {
        Map<String, String> gl = RouteTree.groupLabels(r, labels);
        out.add(new RouteDecision(r.receiver(), r.key(), AggregationGroup.keyOf(r, gl), gl));
      }
      return out;
    }
  }

  /** Current aggregation groups, for GET /api/alerts. */
  public List<AlertGroup> groups() {
    Instant now = clock.instant();
    synchronized (lock) {
      List<AlertGroup> out = new ArrayList<>();
      for (AggregationGroup g : groups.values()) {
        List<AlertView> views = new ArrayList<>();
        for (Alert a : g.alerts.values()) {
          AlertView v = AlertView.of(a, now);
          Ack ack = acks.get(a.fingerprint(), now);
          views.add(new AlertView(v.fingerprint(), v.status(), v.labels(), v.annotations(), v.startsAt(), v.endsAt(),
              v.generatorUrl(), silences.mutedBy(a.labels(), now),
              Inhibitor.inhibited(a, alerts.values(), config.inhibitRules(), now), ack == null ? "" : ack.by()));
        }
        out.add(new AlertGroup(g.route.receiver(), g.key, g.groupLabels, views, g.nextFlush, g.lastNotified));
      }
      return out;
    }
  }

  /**
   * Acknowledges a firing alert: no repeat notifications for it until it resolves or {@code ttl} passes
   * (null: until it resolves). Throws when no firing alert has this fingerprint.
   */
  public Ack ack(String fingerprint, String by, String comment, Duration ttl) {
    Instant now = clock.instant();
    synchronized (lock) {
      Alert a = alerts.get(fingerprint);
      if (a == null || a.resolvedAt(now)) {
        throw new IllegalArgumentException("no firing alert with fingerprint " + fingerprint);
      }
      Ack ack = new Ack(fingerprint, a.name(), by, comment, now, ttl == null ? null : now.plus(ttl));
      acks.put(ack);
      history.record(event(now, "acked", a, "", "", by));
      return ack;
    }
  }

  /** Removes an ack; returns false when there was none. */
  public boolean unack(String fingerprint, String by) {
    Instant now = clock.instant();
    synchronized (lock) {
      boolean removed = acks.remove(fingerprint);
      Alert a = alerts.get(fingerprint);
      if (removed && a != null) {
        history.record(event(now, "unacked", a, "", "", by));
      }
      return removed;
    }
  }

  public List<Ack> acks() {
    Instant now = clock.instant();
    return acks.list().stream().filter(a -> a.activeAt(now)).toList();
  }

  public SilenceStore silences() {
    return silences;
  }

  public AlertHistory history() {
    return history;
  }

  /** The noise report over the last {@code window}. */
  public List<NoiseEntry> noise(Duration window) {
    Instant now = clock.instant();
    return history.noise(now.minus(window), now.plusMillis(1));
  }

  public List<ReceiverStats> stats() {
    Map<String, Long> pending = new HashMap<>();
    for (Pending p : queue.all()) {
      pending.merge(p.receiver() + "\u0000" + p.type() + "[" + p.index() + "]", 1L, Long::sum);
    }
    List<String[]> configured = new ArrayList<>();
    synchronized (lock) {
      for (ReceiverConfig r : config.receivers().values()) {
        for (int i = 0; i < r.integrations().size(); i++) {
          configured.add(new String[] {r.name(), r.integrations().get(i).type() + "[" + i + "]"});
        }
      }
    }
    return stats.snapshot(pending, configured);
  }

  @Override
  public void close() {
    queue.close();
  }

  /** Options; only the config is required. */
  public static final class Builder {
    private final NotifyConfig config;
    private Clock clock = Clock.systemUTC();
    private Path dataDir;
    private Transport transport;
    private String externalUrl = "";
    private RetryPolicy retry = RetryPolicy.defaults();
    private Random random = new Random();
    private int queueCapacity = 10_000;
    private int historyLimit = 100_000;

    private Builder(NotifyConfig config) {
      this.config = config;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where the queue, silences, acks and history are kept; null keeps them in memory only. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    public Builder externalUrl(String externalUrl) {
      this.externalUrl = externalUrl;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** Seed the jitter for reproducible tests. */
    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder historyLimit(int historyLimit) {
      this.historyLimit = historyLimit;
      return this;
    }

    public Dispatcher build() {
      if (transport == null) {
        transport = Transport.defaults();
      }
      return new Dispatcher(this);
    }
  }
}
