package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.NotifyConfig;
import dev.sightline.alerting.notify.config.NotifyConfigException;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.notify.config.ReceiverConfig;
import dev.sightline.alerting.notify.config.RouteConfig;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.model.metric.Labels;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyConfigParserTest {
  private static final String RECEIVERS = """
      receivers:
        - name: default
        - name: hook
          webhook_configs:
            - url: http://127.0.0.1:1/hook
      """;

  private static NotifyConfig parse(String yaml) {
    return NotifyConfigParser.parse(yaml, "am.yml");
  }

  @Test
  void defaultsAreAlertmanagers() {
    NotifyConfig c = parse("route:\n  receiver: default\n" + RECEIVERS);
    assertThat(c.route().groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.route().groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.route().repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
    ReceiverConfig.Webhook w = (ReceiverConfig.Webhook) c.receivers().get("hook").integrations().get(0);
    assertThat(w.sendResolved()).isTrue();
  }

  @Test
  void childrenInheritAndMatchersComeInBothSyntaxes() {
    NotifyConfig c = parse("""
        route:
          receiver: default
          group_by: [alertname]
          group_wait: 10s
          repeat_interval: 1h
          routes:
            - matchers: ['service=~"foo|bar"', 'env!="dev"']
              receiver: hook
              group_interval: 1m
            - match: {team: db}
              match_re: {severity: 'crit.*'}
              group_by: ['...']
        """ + RECEIVERS);
    RouteConfig a = c.route().routes().get(0);
    assertThat(a.receiver()).isEqualTo("hook");
    assertThat(a.groupBy()).containsExactly("alertname");
    assertThat(a.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(a.groupInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(a.key()).isEqualTo("{}/{env!=\"dev\",service=~\"foo|bar\"}");
    assertThat(Matcher.all(a.matchers(), Labels.of("service", "foo", "env", "prod"))).isTrue();
    assertThat(Matcher.all(a.matchers(), Labels.of("service", "foo", "env", "dev"))).isFalse();
    assertThat(Matcher.all(a.matchers(), Labels.of("service", "foobar"))).isFalse(); // anchored
    RouteConfig b = c.route().routes().get(1);
    assertThat(b.receiver()).isEqualTo("default");
    assertThat(b.groupByAll()).isTrue();
    assertThat(Matcher.all(b.matchers(), Labels.of("team", "db", "severity", "critical"))).isTrue();
  }

  @Test
  void templatesAndUnsupportedReceiversWarn() {
    NotifyConfig c = parse("""
        templates: ['/etc/am/*.tmpl']
        route: {receiver: ops}
        receivers:
          - name: ops
            opsgenie_configs: [{api_key: x}]
        """);
    assertThat(c.warnings()).hasSize(2);
    assertThat(c.warnings().get(0)).startsWith("am.yml:1: templates");
    assertThat(c.warnings().get(1)).contains("am.yml:5", "opsgenie_configs", "not supported");
  }

  @Test
  void timeIntervalsAreParsedAndEvaluatedInTheirLocation() {
    NotifyConfig c = parse("""
        time_intervals:
          - name: sunday-maintenance
            time_intervals:
              - weekdays: ['sunday']
                times: [{start_time: '02:00', end_time: '04:00'}]
                location: Europe/Berlin
        mute_time_intervals:
          - name: last-days
            time_intervals:
              - days_of_month: ['-2:-1']
                months: ['january:march']
                years: ['2026']
        route:
          receiver: default
          routes:
            - receiver: hook
              mute_time_intervals: [sunday-maintenance]
              active_time_intervals: [last-days]
        """ + RECEIVERS);
    TimeInterval sunday = c.timeIntervals().get("sunday-maintenance");
    // 2026-11-22 is a Sunday; 02:30 Berlin is 01:30 UTC
    assertThat(sunday.contains(Instant.parse("2026-11-22T01:30:00Z"))).isTrue();
    assertThat(sunday.contains(Instant.parse("2026-11-22T03:30:00Z"))).isFalse();
    assertThat(sunday.contains(Instant.parse("2026-11-23T01:30:00Z"))).isFalse();
    TimeInterval last = c.timeIntervals().get("last-days");
    assertThat(last.contains(Instant.parse("2026-02-27T12:00:00Z"))).isTrue();
    assertThat(last.contains(Instant.parse("2026-02-26T12:00:00Z"))).isFalse();
    assertThat(last.contains(Instant.parse("2026-04-30T12:00:00Z"))).isFalse();
    assertThat(c.route().routes().get(0).muteTimeIntervals()).containsExactly("sunday-maintenance");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "route: {receiver: nobody}\\nreceivers: [{name: default}]|am.yml:1: undefined receiver \"nobody\" used in route",
      "route: {receiver: default, group_wait: 5x}\\nreceivers: [{name: default}]|am.yml:1: group_wait: not a valid duration string: \"5x\"",
      "route: {receiver: default, group_interval: 0s}\\nreceivers: [{name: default}]|group_interval cannot be zero",
      "route:\\n  receiver: default\\n  routes:\\n    - matchers: ['a=~\"(\"']\\nreceivers: [{name: default}]|am.yml:4: invalid regular expression",
      "route:\\n  receiver: default\\n  routes:\\n    - matchers: ['a']\\nreceivers: [{name: default}]|am.yml:4: missing operator",
      "route:\\n  receiver: default\\n  routes:\\n    - matchers: ['a=\"b']\\nreceivers: [{name: default}]|unterminated quoted value",
      "route:\\n  receiver: default\\n  routes:\\n    - receiver: default\\n      mute_time_intervals: [nope]\\nreceivers: [{name: default}]|am.yml:5: undefined time interval \"nope\"",
      "route: {receiver: default, group_by: [a, a]}\\nreceivers: [{name: default}]|duplicated label \"a\" in group_by",
      "route: {receiver: default, group_by: ['...', a]}\\nreceivers: [{name: default}]|wildcard group_by",
      "route: {receiver: default, matchers: ['a=b']}\\nreceivers: [{name: default}]|root route must not have any matchers",
      "route: {group_by: [a]}\\nreceivers: [{name: default}]|root route must specify a default receiver",
      "route: {receiver: default}\\nreceivers: [{name: default}, {name: default}]|am.yml:2: notification config name \"default\" is not unique",
      "route: {receiver: default}\\nreceivers: [{name: default, webhook_configs: [{}]}]|one of url or url_file must be configured",
      "route: {receiver: default}\\nreceivers: [{name: default, webhook_configs: [{url: 'ftp://x'}]}]|unsupported scheme \"ftp\"",
      "route: {receiver: default}\\nreceivers: [{name: default, email_configs: [{to: a@b}]}]|no global SMTP from set",
      "route: {receiver: default}\\nreceivers: [{name: default, pagerduty_configs: [{severity: x}]}]|missing service or routing key in PagerDuty config",
      "route: {receiver: default, colour: blue}\\nreceivers: [{name: default}]|am.yml:1: field colour not found in route",
      "route: {receiver: default}\\nreceivers: [{name: default}]\\nbogus: 1|am.yml:3: field bogus not found in config",
      "route: {receiver: default}\\nroute: {receiver: default}\\nreceivers: [{name: default}]|am.yml:2: duplicate key \"route\"",
      "route: {receiver: default\\nreceivers: [{name: default}]|invalid YAML",
      "route:\\n  receiver: [default|invalid YAML",
      "receivers: [{name: default}]|no routes provided",
      "time_intervals: [{name: t, time_intervals: [{times: [{start_time: '10:00', end_time: '09:00'}]}]}]\\nroute: {receiver: d}\\nreceivers: [{name: d}]|start time cannot be equal or greater than end time",
      "time_intervals: [{name: t, time_intervals: [{weekdays: [funday]}]}]\\nroute: {receiver: d}\\nreceivers: [{name: d}]|invalid weekdays \"funday\"",
      "time_intervals: [{name: t, time_intervals: [{location: Mars/Olympus}]}]\\nroute: {receiver: d}\\nreceivers: [{name: d}]|unknown time zone location \"Mars/Olympus\"",
      "- just\\n- a list|config must be a mapping",
  })
  void malformedConfigsNameFileLineAndProblem(String yaml, String expected) {
    String text = yaml.replace("\\n", "\n");
    assertThatThrownBy(() -> parse(text)).isInstanceOf(NotifyConfigException.class)
        .hasMessageStartingWith("am.yml:").hasMessageContaining(expected);
  }

  @Test
  void oversizedAndDeeplyNestedInputIsRefused() {
    String big = "route: {receiver: d}\nreceivers: [{name: d}]\n#" + "x".repeat(5 * 1024 * 1024);
    assertThatThrownBy(() -> parse(big)).hasMessageContaining("more than the limit");
    String deep = "route: " + "[".repeat(200) + "]".repeat(200);
    assertThatThrownBy(() -> parse(deep)).hasMessageContaining("nesting deeper than");
  }

  @Test
  void emptyAndTruncatedInput() {
    assertThatThrownBy(() -> parse("")).hasMessage("am.yml:0: no routes provided");
    assertThatThrownBy(() -> parse("route:\n  receiver: d\n  routes:\n    - match: {a: 'b")).hasMessageContaining("invalid YAML");
  }
}
