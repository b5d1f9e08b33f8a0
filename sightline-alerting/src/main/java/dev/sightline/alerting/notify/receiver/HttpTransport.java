package dev.sightline.alerting.notify.receiver;

import dev.sightline.alerting.notify.Notification;
import dev.sightline.alerting.notify.config.ReceiverConfig.Integration;
import dev.sightline.alerting.notify.config.ReceiverConfig.PagerDuty;
import dev.sightline.alerting.notify.config.ReceiverConfig.Slack;
import dev.sightline.alerting.notify.config.ReceiverConfig.Webhook;
import dev.sightline.alerting.notify.internal.JsonLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Webhook, Slack and PagerDuty over {@link HttpClient}; any non-2xx answer is a failure. */
final class HttpTransport {
  private final HttpClient client;
  private final Duration timeout;

  HttpTransport(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  void deliver(Integration integration, Notification n) throws IOException {
    switch (integration) {
      case Webhook w -> post(w.url(), Payloads.webhook(n, w.maxAlerts()));
      case Slack s -> {
        URI url = s.apiUrl() != null ? s.apiUrl()
            : s.apiUrlFile() != null ? URI.create(Files.readString(Path.of(s.apiUrlFile())).strip()) : null;
        if (url == null) {
          throw new IOException("Slack config has no webhook URL (app tokens are not supported)");
        }
        post(url, Payloads.slack(s, n));
      }
      case PagerDuty p -> post(p.url(), Payloads.pagerDuty(p, n));
      default -> throw new IOException("no HTTP transport for " + integration.type());
    }
  }

  void post(URI url, Object body) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
        .header("User-Agent", "Sightline")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JsonLines.JSON.writeValueAsBytes(body))).build();
    try {
      HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        String b = resp.body();
        throw new IOException("HTTP " + resp.statusCode() + " from " + url.getHost() + ": "
            + (b.length() > 200 ? b.substring(0, 200) : b));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to " + url.getHost(), e);
    }
  }
}
