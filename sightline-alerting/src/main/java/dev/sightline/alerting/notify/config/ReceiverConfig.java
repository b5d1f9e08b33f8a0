package dev.sightline.alerting.notify.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A named receiver and its integrations. Defaults follow Alertmanager: {@code send_resolved} is true for
 * webhook and PagerDuty, false for Slack and email.
 */
public record ReceiverConfig(String name, List<Integration> integrations) {
  public ReceiverConfig {
    integrations = List.copyOf(integrations);
  }

  /** One way of delivering a notification. */
  public sealed interface Integration {
    boolean sendResolved();

    /** e.g. {@code webhook}, {@code slack}: used in stats and history. */
    String type();
  }

  /** Alertmanager webhook, payload version 4; {@code maxAlerts} 0 means all. */
  public record Webhook(URI url, boolean sendResolved, int maxAlerts) implements Integration {
    public String type() {
      return "webhook";
    }
  }

  /** Slack incoming webhook (URL inline or read from {@code apiUrlFile} at send time); empty title/text mean the default rendering. */
  public record Slack(URI apiUrl, String apiUrlFile, String channel, String username, String title, String text, boolean sendResolved)
      implements Integration {
    public String type() {
      return "slack";
    }
  }

  /** PagerDuty Events API v2; {@code severity} empty means the alerts' common {@code severity} label, else critical. */
  public record PagerDuty(String routingKey, URI url, String severity, String source, Map<String, String> details,
                          boolean sendResolved) implements Integration {
    public String type() {
      return "pagerduty";
    }
  }

  /** Email over SMTP; {@code smarthost} is {@code host:port}. */
  public record Email(List<String> to, String from, String smarthost, String hello, String authUsername,
                      String authPassword, String authPasswordFile, boolean requireTls, boolean sendResolved) implements Integration {
    public Email {
      to = List.copyOf(to);
    }

    public String type() {
      return "email";
    }

    @Override
    public String toString() {
      return "Email[to=" + to + ", from=" + from + ", smarthost=" + smarthost + ", authUsername=" + authUsername
          + ", authPassword=<secret>, requireTls=" + requireTls + "]";
    }
  }
}
