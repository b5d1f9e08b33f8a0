package dev.sightline.alerting.notify.receiver;

import dev.sightline.alerting.notify.AlertView;
import dev.sightline.alerting.notify.Notification;
import dev.sightline.alerting.notify.config.ReceiverConfig.PagerDuty;
import dev.sightline.alerting.notify.config.ReceiverConfig.Slack;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies each HTTP integration sends, as maps Jackson writes. */
public final class Payloads {
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private Payloads() {}

  /** Alertmanager's webhook payload, version 4; {@code maxAlerts} > 0 truncates and counts the rest. */
  public static Map<String, Object> webhook(Notification n, int maxAlerts) {
    List<AlertView> alerts = n.alerts();
    int truncated = 0;
    if (maxAlerts > 0 && alerts.size() > maxAlerts) {
      truncated = alerts.size() - maxAlerts;
      alerts = alerts.subList(0, maxAlerts);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (AlertView a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", a.status());
      m.put("labels", a.labels());
      m.put("annotations", a.annotations());
      m.put("startsAt", a.startsAt().toString());
      // Alertmanager sends the zero time for firing alerts' endsAt
      m.put("endsAt", (a.firing() || a.endsAt() == null ? ZERO_TIME : a.endsAt()).toString());
      m.put("generatorURL", a.generatorUrl());
      m.put("fingerprint", a.fingerprint());
      list.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receiver", n.receiver());
    m.put("status", n.status());
    m.put("alerts", list);
    m.put("groupLabels", n.groupLabels());
    m.put("commonLabels", n.commonLabels());
    m.put("commonAnnotations", n.commonAnnotations());
    m.put("externalURL", n.externalUrl());
    m.put("version", "4");
    m.put("groupKey", n.groupKey());
    m.put("truncatedAlerts", truncated);
    return m;
  }

  /** Default title, as Alertmanager's template: {@code [FIRING:2] HighLatency (api critical)}. */
  public static String title(Notification n) {
    StringBuilder b = new StringBuilder("[").append(n.status().toUpperCase(java.util.Locale.ROOT));
    if (n.status().equals("firing")) {
      b.append(':').append(n.firingCount());
    }
    b.append("] ");
    String name = n.groupLabels().getOrDefault("alertname", n.commonLabels().getOrDefault("alertname", ""));
    b.append(name);
    List<String> rest = new ArrayList<>();
    n.groupLabels().entrySet().stream().filter(e -> !e.getKey().equals("alertname")).sorted(Map.Entry.comparingByKey())
        .forEach(e -> rest.add(e.getValue()));
    if (!rest.isEmpty()) {
      b.append(" (").append(String.join(" ", rest)).append(')');
    }
    return b.toString().strip();
  }

  /** Default body: one line per alert with its summary (or description) and labels. */
  public static String text(Notification n) {
    StringBuilder b = new StringBuilder();
    for (AlertView a : n.alerts()) {
      String summary = a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", ""));
      b.append(a.firing() ? "🔥 " : "✅ ").append(a.labels().getOrDefault("alertname", ""));
      if (!summary.isEmpty()) {
        b.append(": ").append(summary);
      }
      b.append(" ").append(a.labels()).append('\n');
    }
    return b.toString();
  }

  public static Map<String, Object> slack(Slack cfg, Notification n) {
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("title", cfg.title().isEmpty() ? title(n) : cfg.title());
    attachment.put("text", cfg.text().isEmpty() ? text(n) : cfg.text());
    attachment.put("color", n.status().equals("firing") ? "danger" : "good");
    attachment.put("fallback", title(n));
    Map<String, Object> m = new LinkedHashMap<>();
    if (!cfg.channel().isEmpty()) {
      m.put("channel", cfg.channel());
    }
    if (!cfg.username().isEmpty()) {
      m.put("username", cfg.username());
    }
    m.put("attachments", List.of(attachment));
    return m;
  }

  /** PagerDuty Events API v2: dedup_key is the SHA-256 of the group key, as Alertmanager uses. */
  public static Map<String, Object> pagerDuty(PagerDuty cfg, Notification n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("routing_key", cfg.routingKey());
    m.put("event_action", n.status().equals("firing") ? "trigger" : "resolve");
    m.put("dedup_key", sha256(n.groupKey()));
    if (n.status().equals("firing")) {
      Map<String, Object> payload = new LinkedHashMap<>();
      String summary = title(n);
      payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
      String severity = cfg.severity().isEmpty()
          ? n.commonLabels().getOrDefault("severity", "critical").toLowerCase(java.util.Locale.ROOT) : cfg.severity();
      payload.put("severity", List.of("critical", "error", "warning", "info").contains(severity) ? severity : "critical");
      payload.put("source", cfg.source().isEmpty() ? "sightline" : cfg.source());
      Map<String, Object> details = new LinkedHashMap<>(cfg.details());
      details.put("firing", text(n));
      details.put("num_firing", n.firingCount());
      details.put("num_resolved", n.alerts().size() - n.firingCount());
      payload.put("custom_details", details);
      m.put("payload", payload);
      m.put("client", "Sightline");
      m.put("client_url", n.externalUrl());
    }
    return m;
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
