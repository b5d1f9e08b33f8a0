package dev.sightline.alerting.notify.receiver;

import dev.sightline.alerting.notify.Notification;
import dev.sightline.alerting.notify.config.ReceiverConfig.Integration;
import java.io.IOException;

/**
 * Delivers one notification through one integration; throws when the peer did not accept it (the
 * dispatcher then retries with backoff). {@link #defaults()} speaks webhook, Slack, PagerDuty and SMTP.
 */
@FunctionalInterface
public interface Transport {
  void deliver(Integration integration, Notification notification) throws IOException;

  static Transport defaults() {
    HttpTransport http = new HttpTransport(java.time.Duration.ofSeconds(10));
    EmailTransport email = new EmailTransport(java.time.Duration.ofSeconds(10));
    return (integration, n) -> {
      switch (integration) {
        case dev.sightline.alerting.notify.config.ReceiverConfig.Email e -> email.deliver(e, n);
        default -> http.deliver(integration, n);
      }
    };
  }
}
