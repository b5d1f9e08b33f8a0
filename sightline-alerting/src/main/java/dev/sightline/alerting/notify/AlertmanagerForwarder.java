package dev.sightline.alerting.notify;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertSink;
import dev.sightline.alerting.notify.internal.JsonLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For teams that keep their own Alertmanager: posts the rule engine's alerts to its API v2
 * ({@code POST /api/v2/alerts}), as Prometheus does. No queue: like Prometheus, the rule engine re-sends
 * every firing alert at each evaluation, so a failed post is repaired by the next one; failures are
 * counted in {@link #stats()}.
 */
public final class AlertmanagerForwarder implements AlertSink {
  private final URI endpoint;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private long sent;
  private long failed;
  private String lastError = "";
  private Instant lastErrorAt;

  private AlertmanagerForwarder(URI baseUrl, Duration timeout, Clock clock) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + "/api/v2/alerts");
    this.timeout = timeout;
    this.clock = clock;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code baseUrl} is the Alertmanager's root, e.g. {@code http://alertmanager:9093}. */
  public static AlertmanagerForwarder of(URI baseUrl, Clock clock) {
    return new AlertmanagerForwarder(baseUrl, Duration.ofSeconds(10), clock);
  }

  /** The body Alertmanager's API v2 accepts: postable alerts. */
  public static List<Map<String, Object>> body(List<Alert> alerts) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Alert a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labels", a.labels().asMap());
      m.put("annotations", a.annotations());
      m.put("startsAt", a.startsAt().toString());
      if (a.endsAt() != null) {
        m.put("endsAt", a.endsAt().toString());
      }
      m.put("generatorURL", a.generatorUrl());
      out.add(m);
    }
    return out;
  }

  @Override
  public void send(List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    try {
      HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JsonLines.JSON.writeValueAsBytes(body(alerts)))).build();
      HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        throw new IOException("HTTP " + resp.statusCode() + ": " + resp.body());
      }
      synchronized (this) {
        sent++;
      }
    } catch (IOException e) {
      fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  private synchronized void fail(String error) {
    failed++;
    lastError = error == null ? "error" : error;
    lastErrorAt = clock.instant();
  }

  public synchronized ReceiverStats stats() {
    return new ReceiverStats("external-alertmanager", endpoint.toString(), sent, failed, 0, 0, lastError, lastErrorAt);
  }
}
