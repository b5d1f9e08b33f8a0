package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.alerting.notify.config.NotifyConfig;
import dev.sightline.alerting.notify.config.NotifyConfigException;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alertmanager's own config fixtures (config/testdata), accepted or rejected as its config_test.go
 * expects, for the receivers Sightline delivers to. Fixtures about receiver types Sightline does not
 * support are listed with the reason: those configs load, with a warning, and are not validated.
 */
class ConfigFixturesTest {
  /** fixture → null when Alertmanager accepts it, else the error it gives. */
  private static final Map<String, String> SUPPORTED = Map.ofEntries(
      Map.entry("conf.good.yml", ""),
      Map.entry("conf.empty-fields.yml", ""),
      Map.entry("conf.group-by-all.yml", ""),
      Map.entry("conf.http-config.good.yml", ""),
      Map.entry("conf.nil-match_re-route.yml", ""),
      Map.entry("conf.nil-source_match_re-inhibition.yml", ""),
      Map.entry("conf.nil-target_match_re-inhibition.yml", ""),
      Map.entry("conf.slack-both-file-and-token.yml", "at most one of slack_app_token & slack_app_token_file must be configured"),
      Map.entry("conf.slack-both-file-and-url.yml", "at most one of slack_api_url & slack_api_url_file must be configured"),
      Map.entry("conf.slack-both-url-and-token.yml",
          "at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured"),
      Map.entry("conf.slack-default-api-url-file.yml", ""),
      Map.entry("conf.slack-default-app-token.yml", ""),
      Map.entry("conf.slack-no-api-url-or-token.yml", "no Slack API URL nor App token set either inline or in a file"),
      Map.entry("conf.slack-update-message-and-webhook.yml",
          "update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage"),
      Map.entry("conf.smtp-both-password-and-file.yml", "at most one of smtp_auth_password & smtp_auth_password_file must be configured"),
      Map.entry("conf.smtp-no-username-or-password.yml", ""),
      Map.entry("conf.smtp-password-global-and-local.yml", ""),
      // Alertmanager rejects it for the removed opsgenie `teams` field, which Sightline does not validate;
      // Sightline rejects it too, for the undefined root receiver it also contains.
      Map.entry("conf.opsgenie-default-apikey-old-team.yml", "undefined receiver \"escalation-Y-opsgenie\" used in route"));

  private static final String[] ALL = {"conf.empty-fields.yml", "conf.good.yml", "conf.group-by-all.yml",
      "conf.http-config.good.yml", "conf.mattermost-both-webhook-url-and-file.yml",
      "conf.mattermost-default-webhook-url-file.yml", "conf.mattermost-default-webhook-url.yml",
      "conf.mattermost-no-webhook-url.yml", "conf.mattermost-valid-receiver-both-webhook-url-and-file.yml",
      "conf.nil-match_re-route.yml", "conf.nil-source_match_re-inhibition.yml", "conf.nil-target_match_re-inhibition.yml",
      "conf.opsgenie-both-file-and-apikey.yml", "conf.opsgenie-default-apikey-file.yml",
      "conf.opsgenie-default-apikey-old-team.yml", "conf.opsgenie-default-apikey.yml", "conf.opsgenie-no-apikey.yml",
      "conf.rocketchat-both-token-and-tokenfile.yml", "conf.rocketchat-both-tokenid-and-tokenidfile.yml",
      "conf.rocketchat-default-token-file.yml", "conf.rocketchat-default-token.yml", "conf.rocketchat-no-token.yml",
      "conf.slack-both-file-and-token.yml", "conf.slack-both-file-and-url.yml", "conf.slack-both-url-and-token.yml",
      "conf.slack-default-api-url-file.yml", "conf.slack-default-app-token.yml", "conf.slack-no-api-url-or-token.yml",
      "conf.slack-update-message-and-webhook.yml", "conf.smtp-both-password-and-file.yml",
      "conf.smtp-no-username-or-password.yml", "conf.smtp-password-global-and-local.yml", "conf.sns-invalid.yml",
      "conf.sns-topic-arn.yml", "conf.telegram-both-bot-token-and-file.yml", "conf.telegram-default-bot-token-file.yml",
      "conf.telegram-default-bot-token.yml", "conf.telegram-no-bot-token.yml",
      "conf.telegram-valid-receiver-both-bot-token-and-file.yml", "conf.victorops-both-file-and-apikey.yml",
      "conf.victorops-default-apikey-file.yml", "conf.victorops-default-apikey.yml", "conf.victorops-no-apikey.yml",
      "conf.wechat-both-file-and-secret.yml", "conf.wechat-default-api-secret-file.yml", "conf.wechat-no-api-secret.yml"};

  static Stream<Arguments> fixtures() {
    return Stream.of(ALL).map(Arguments::of);
  }

  static String read(String path) throws IOException {
    try (InputStream in = ConfigFixturesTest.class.getResourceAsStream("/alertmanager/" + path)) {
      if (in == null) {
        throw new IOException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void behavesAsAlertmanager(String fixture) throws IOException {
    String yaml = read("config-testdata/" + fixture);
    String expected = SUPPORTED.get(fixture);
    if (expected == null) {
      // Unsupported receiver type (opsgenie, wechat, victorops, telegram, rocketchat, mattermost, sns):
      // the config must still load, and the warning must name the ignored type.
      NotifyConfig c = NotifyConfigParser.parse(yaml, fixture);
      assertThat(c.warnings()).anyMatch(w -> w.contains("not supported by Sightline"));
      return;
    }
    if (expected.isEmpty()) {
      assertThat(NotifyConfigParser.parse(yaml, fixture)).isNotNull();
    } else {
      assertThatThrownBy(() -> NotifyConfigParser.parse(yaml, fixture))
          .isInstanceOf(NotifyConfigException.class)
          .hasMessageStartingWith(fixture + ":")
          .hasMessageContaining(expected);
    }
  }
}
