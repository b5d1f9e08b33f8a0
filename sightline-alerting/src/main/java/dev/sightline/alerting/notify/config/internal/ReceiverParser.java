package dev.sightline.alerting.notify.config.internal;

import dev.sightline.alerting.notify.config.ReceiverConfig;
import dev.sightline.alerting.notify.config.ReceiverConfig.Email;
import dev.sightline.alerting.notify.config.ReceiverConfig.Integration;
import dev.sightline.alerting.notify.config.ReceiverConfig.PagerDuty;
import dev.sightline.alerting.notify.config.ReceiverConfig.Slack;
import dev.sightline.alerting.notify.config.ReceiverConfig.Webhook;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Receivers and the global defaults they inherit, validated as Alertmanager validates the integrations
 * Sightline delivers to (webhook, Slack, PagerDuty, email).
 */
public final class ReceiverParser {
  /**
   * Receiver types Alertmanager knows and Sightline does not deliver to: accepted so that an existing
   * configuration loads unchanged, ignored with a warning, and not validated.
   */
  public static final Set<String> UNSUPPORTED = Set.of("opsgenie_configs", "wechat_configs", "victorops_configs",
      "telegram_configs", "rocketchat_configs", "mattermost_configs", "sns_configs", "msteams_configs",
      "msteamsv2_configs", "discord_configs", "pushover_configs", "webex_configs", "jira_configs", "incidentio_configs");
  private static final String SLACK_POST_MESSAGE = "https://slack.com/api/chat.postMessage";
  private static final Set<String> WEBHOOK_KEYS = Set.of("url", "url_file", "send_resolved", "max_alerts",
      "http_config", "timeout");
  private static final Set<String> SLACK_KEYS = Set.of("api_url", "api_url_file", "app_token", "app_token_file",
      "app_url", "channel", "username", "title", "text", "color", "send_resolved", "http_config", "icon_emoji",
      "icon_url", "title_link", "pretext", "footer", "fallback", "fields", "actions", "short_fields", "link_names",
      "mrkdwn_in", "callback_id", "image_url", "thumb_url", "update_message", "message_text", "timeout");
  private static final Set<String> PAGERDUTY_KEYS = Set.of("routing_key", "routing_key_file", "service_key",
      "service_key_file", "url", "client", "client_url", "description", "details", "severity", "class", "component",
      "group", "source", "images", "links", "send_resolved", "http_config", "timeout");
  private static final Set<String> EMAIL_KEYS = Set.of("to", "from", "smarthost", "hello", "auth_username",
      "auth_password", "auth_password_file", "auth_secret", "auth_secret_file", "auth_identity", "require_tls",
      "tls_config", "headers", "html", "text", "send_resolved", "threading", "force_implicit_tls");

  private final Fields global;
  private final List<String> warnings;

  public ReceiverParser(Fields global, List<String> warnings) {
    this.global = global;
    this.warnings = warnings;
    exclusive(global, "smtp_auth_password", "smtp_auth_password_file");
    exclusive(global, "slack_api_url", "slack_api_url_file");
    exclusive(global, "slack_app_token", "slack_app_token_file");
  }

  private static void exclusive(Fields f, String a, String b) {
    if (f.has(a) && f.has(b)) {
      throw f.error(b, "at most one of " + a + " & " + b + " must be configured");
    }
  }

  public Map<String, ReceiverConfig> parseAll(List<Fields> receivers) {
    Map<String, ReceiverConfig> out = new LinkedHashMap<>();
    for (Fields r : receivers) {
      String name = r.string("name", "");
      if (name.isEmpty()) {
        throw r.error("name", "missing name in receiver");
      }
      if (out.containsKey(name)) {
        throw r.error("name", "notification config name \"" + name + "\" is not unique");
      }
      List<Integration> integrations = new ArrayList<>();
      for (String key : r.keys()) {
        switch (key) {
          case "name" -> { }
          case "webhook_configs" -> r.list(key, key).forEach(f -> integrations.add(webhook(f)));
          case "slack_configs" -> r.list(key, key).forEach(f -> integrations.add(slack(f)));
          case "pagerduty_configs" -> r.list(key, key).forEach(f -> integrations.add(pagerDuty(f)));
          case "email_configs" -> r.list(key, key).forEach(f -> integrations.add(email(f)));
          default -> {
            if (!UNSUPPORTED.contains(key)) {
              throw r.error(key, "field " + key + " not found in receiver");
            }
            warnings.add(r.file() + ":" + r.line(key) + ": receiver \"" + name + "\": " + key
                + " are not supported by Sightline and are ignored");
          }
        }
      }
      out.put(name, new ReceiverConfig(name, integrations));
    }
    return out;
  }

  private static URI uri(Fields f, String key, String value) {
    try {
      URI u = new URI(value);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw f.error(key, "unsupported scheme \"" + u.getScheme() + "\" for URL in " + key);
      }
      if (u.getHost() == null) {
        throw f.error(key, "missing host in " + key + " \"" + value + "\"");
      }
      return u;
    } catch (URISyntaxException e) {
      throw f.error(key, "invalid URL in " + key + ": " + e.getMessage());
    }
  }

  private Webhook webhook(Fields f) {
    f.allowOnly(WEBHOOK_KEYS);
    exclusive(f, "url", "url_file");
    if (!f.has("url") && !f.has("url_file")) {
      throw f.error("url", "one of url or url_file must be configured");
    }
    if (f.has("url_file")) {
      throw f.error("url_file", "url_file is not supported by Sightline; put the URL inline");
    }
    return new Webhook(uri(f, "url", f.string("url", null)), f.bool("send_resolved", true), f.integer("max_alerts", 0));
  }

  private Slack slack(Fields f) {
    f.allowOnly(SLACK_KEYS);
    exclusive(f, "api_url", "api_url_file");
    exclusive(f, "app_token", "app_token_file");
    boolean localUrl = f.has("api_url") || f.has("api_url_file");
    boolean globalUrl = global.has("slack_api_url") || global.has("slack_api_url_file");
    boolean token = f.has("app_token") || f.has("app_token_file") || global.has("slack_app_token")
        || global.has("slack_app_token_file");
    String apiUrl = f.has("api_url") ? f.string("api_url", null) : localUrl ? null : global.string("slack_api_url", null);
    String apiUrlFile = f.has("api_url_file") ? f.string("api_url_file", null)
        : localUrl ? null : global.string("slack_api_url_file", null);
    if (!localUrl && !globalUrl && !token) {
      throw f.error("api_url", "no Slack API URL nor App token set either inline or in a file");
    }
    if (token && globalUrl && !localUrl && !SLACK_POST_MESSAGE.equals(apiUrl)) {
      throw global.error("slack_app_token",
          "at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured");
    }
    if (f.bool("update_message", false) && !SLACK_POST_MESSAGE.equals(apiUrl)) {
      throw f.error("update_message",
          "update_message can only be used with bot tokens. api_url must be set to " + SLACK_POST_MESSAGE);
    }
    if (apiUrl == null && apiUrlFile == null) {
      // Only an app token: chat.postMessage with a bearer token, which Sightline does not send yet.
      warnings.add(f.file() + ":" + f.line() + ": Slack app tokens are not supported by Sightline; this Slack config is ignored");
      return new Slack(null, null, f.string("channel", ""), f.string("username", ""), f.string("title", ""),
          f.string("text", ""), false);
    }
    return new Slack(apiUrl == null ? null : uri(f, "api_url", apiUrl), apiUrlFile, f.string("channel", ""),
        f.string("username", ""), f.string("title", ""), f.string("text", ""), f.bool("send_resolved", false));
  }

  private PagerDuty pagerDuty(Fields f) {
    f.allowOnly(PAGERDUTY_KEYS);
    exclusive(f, "routing_key", "routing_key_file");
    exclusive(f, "service_key", "service_key_file");
    String key = f.string("routing_key", f.string("service_key", null));
    if (key == null) {
      throw f.error("routing_key", "missing service or routing key in PagerDuty config");
    }
    String url = f.string("url", global.string("pagerduty_url", "https://events.pagerduty.com/v2/enqueue"));
    return new PagerDuty(key, uri(f, "url", url), f.string("severity", ""), f.string("source", ""),
        f.stringMap("details"), f.bool("send_resolved", true));
  }

  private Email email(Fields f) {
    f.allowOnly(EMAIL_KEYS);
    exclusive(f, "auth_password", "auth_password_file");
    exclusive(f, "auth_secret", "auth_secret_file");
    String to = f.string("to", "");
    if (to.isBlank()) {
      throw f.error("to", "missing to address in email config");
    }
    String from = f.string("from", global.string("smtp_from", ""));
    if (from.isEmpty()) {
      throw f.error("from", "no global SMTP from set");
    }
    String smarthost = f.string("smarthost", global.string("smtp_smarthost", ""));
    if (smarthost.isEmpty()) {
      throw f.error("smarthost", "no global SMTP smarthost set");
    }
    boolean localAuth = f.has("auth_username") || f.has("auth_password") || f.has("auth_password_file");
    String user = localAuth ? f.string("auth_username", "") : global.string("smtp_auth_username", "");
    String password = localAuth ? f.string("auth_password", "") : global.string("smtp_auth_password", "");
    String passwordFile = localAuth ? f.string("auth_password_file", "") : global.string("smtp_auth_password_file", "");
    List<String> recipients = new ArrayList<>();
    for (String s : to.split(",")) {
      if (!s.isBlank()) {
        recipients.add(s.strip());
      }
    }
    return new Email(recipients, from, smarthost, f.string("hello", global.string("smtp_hello", "localhost")), user,
        password, passwordFile, f.bool("require_tls", global.bool("smtp_require_tls", true)),
        f.bool("send_resolved", false));
  }
}
