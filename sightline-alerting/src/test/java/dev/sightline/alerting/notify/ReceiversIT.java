package dev.sightline.alerting.notify;

import dev.sightline.alerting.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.notify.receiver.Payloads;
import dev.sightline.model.metric.Labels;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every receiver against a real local peer: an HTTP server standing in for the webhook endpoint, Slack
 * and PagerDuty, GreenMail for SMTP. The dispatcher uses its real transports; only the clock is moved.
 */
class ReceiversIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer http;
  private final Map<String, List<JsonNode>> bodies = new ConcurrentHashMap<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-20T10:00:00Z"));

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      int status = 200;
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = 503;
      } else {
        bodies.computeIfAbsent(ex.getRequestURI().getPath(), k -> new CopyOnWriteArrayList<>()).add(JSON.readTree(body));
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private Dispatcher dispatcher(String receivers) {
    String yaml = """
        global:
          smtp_smarthost: '127.0.0.1:%d'
          smtp_from: 'sightline@example.org'
          smtp_require_tls: false
        route:
          receiver: all
          group_by: [alertname]
        receivers:
        %s
        """.formatted(SMTP.getSmtp().getPort(), receivers.replace("BASE", base()));
    return Dispatcher.builder(NotifyConfigParser.parse(yaml, "it.yml")).clock(clock).externalUrl("http://sightline:7070")
        .retry(new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 0, Duration.ofHours(1))).build();
  }

  private Alert alert(String instance, String severity) {
    return new Alert(Labels.of("alertname", "HighLatency", "instance", instance, "severity", severity),
        Map.of("summary", "p99 above 2s on " + instance), clock.instant(), clock.instant().plus(Duration.ofHours(1)),
        "http://sightline/graph?g0.expr=x", 2.5);
  }

  private void flush(Dispatcher d, Duration by) {
    clock.advance(by);
    d.tick();
  }

  @Test
  void webhookSendsAlertmanagersVersion4Payload() {
    Dispatcher d = dispatcher("""
          - name: all
            webhook_configs: [{url: 'BASE/hook', max_alerts: 1}]
        """);
    Alert a = alert("a", "critical");
    d.send(List.of(a, alert("b", "critical")));
    flush(d, Duration.ofSeconds(30));
    JsonNode body = bodies.get("/hook").get(0);
    assertThat(body.get("version").asText()).isEqualTo("4");
    assertThat(body.get("receiver").asText()).isEqualTo("all");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("groupKey").asText()).isEqualTo("{}:{alertname=\"HighLatency\"}");
    assertThat(body.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"HighLatency\"}");
    assertThat(body.get("commonLabels").get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("commonLabels").has("instance")).isFalse();
    assertThat(body.get("externalURL").asText()).isEqualTo("http://sightline:7070");
    assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(1);
    JsonNode first = body.get("alerts").get(0);
    assertThat(body.get("alerts")).hasSize(1);
    assertThat(first.get("status").asText()).isEqualTo("firing");
    assertThat(first.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(first.get("generatorURL").asText()).startsWith("http://sightline/graph");
    assertThat(first.get("fingerprint").asText()).hasSize(16);
    assertThat(first.get("annotations").get("summary").asText()).startsWith("p99 above 2s");
  }

  @Test
  void slackAndPagerDutyRenderTheirFormats() {
    Dispatcher d = dispatcher("""
          - name: all
            slack_configs: [{api_url: 'BASE/slack', channel: '#ops', username: sightline, send_resolved: true}]
            pagerduty_configs: [{routing_key: rk-123, url: 'BASE/pd'}]
        """);
    Alert a = alert("a", "critical");
    d.send(List.of(a, alert("b", "critical")));
    flush(d, Duration.ofSeconds(30));
    JsonNode slack = bodies.get("/slack").get(0);
    assertThat(slack.get("channel").asText()).isEqualTo("#ops");
    assertThat(slack.get("username").asText()).isEqualTo("sightline");
    assertThat(slack.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
    assertThat(slack.get("attachments").get(0).get("title").asText()).isEqualTo("[FIRING:2] HighLatency");
    assertThat(slack.get("attachments").get(0).get("text").asText()).contains("p99 above 2s on a", "p99 above 2s on b");
    JsonNode pd = bodies.get("/pd").get(0);
    String dedup = Payloads.sha256("{}:{alertname=\"HighLatency\"}");
    assertThat(pd.get("routing_key").asText()).isEqualTo("rk-123");
    assertThat(pd.get("event_action").asText()).isEqualTo("trigger");
    assertThat(pd.get("dedup_key").asText()).isEqualTo(dedup);
    assertThat(pd.get("payload").get("severity").asText()).isEqualTo("critical");
    assertThat(pd.get("payload").get("summary").asText()).isEqualTo("[FIRING:2] HighLatency");
    assertThat(pd.get("payload").get("custom_details").get("num_firing").asInt()).isEqualTo(2);

    d.send(List.of(new Alert(a.labels(), a.annotations(), a.startsAt(), clock.instant(), "", 0),
        new Alert(alert("b", "critical").labels(), Map.of(), a.startsAt(), clock.instant(), "", 0)));
    flush(d, Duration.ofMinutes(5));
    JsonNode resolve = bodies.get("/pd").get(1);
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedup);
    assertThat(bodies.get("/slack").get(1).get("attachments").get(0).get("color").asText()).isEqualTo("good");
  }

  @Test
  void emailOverSmtpHasTextAndHtml() throws Exception {
    SMTP.setUser("alerts", "s3cret");
    Dispatcher d = dispatcher("""
          - name: all
            email_configs: [{to: 'oncall@example.org', auth_username: alerts, auth_password: s3cret}]
        """);
    d.send(List.of(alert("a", "critical")));
    flush(d, Duration.ofSeconds(30));
    assertThat(d.stats().get(0).lastError()).isEmpty();
    MimeMessage[] got = SMTP.getReceivedMessages();
    assertThat(got).hasSize(1);
    assertThat(got[0].getSubject()).isEqualTo("[FIRING:1] HighLatency");
    assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
    MimeMultipart mp = (MimeMultipart) got[0].getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    assertThat(mp.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat((String) mp.getBodyPart(0).getContent()).contains("p99 above 2s on a");
    assertThat(mp.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) mp.getBodyPart(1).getContent()).contains("<h2>[FIRING:1] HighLatency</h2>");
  }

  @Test
  void emailRequiringTlsFailsVisiblyAgainstAPlainServer() {
    Dispatcher d = dispatcher("""
          - name: all
            email_configs: [{to: 'oncall@example.org', require_tls: true}]
        """);
    d.send(List.of(alert("a", "critical")));
    flush(d, Duration.ofSeconds(30));
    ReceiverStats s = d.stats().get(0);
    assertThat(s.retried()).isEqualTo(1);
    assertThat(s.lastError()).containsIgnoringCase("STARTTLS");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void receiverDownForAWhileGetsTheNotificationWhenBack() {
    Dispatcher d = dispatcher("""
          - name: all
            webhook_configs: [{url: 'BASE/hook'}]
        """);
    failuresLeft.set(4);
    d.send(List.of(alert("a", "critical")));
    flush(d, Duration.ofSeconds(30));
    for (int i = 0; i < 12 && !bodies.containsKey("/hook"); i++) {
      flush(d, Duration.ofSeconds(10));
    }
    assertThat(bodies.get("/hook")).hasSize(1);
    ReceiverStats s = d.stats().get(0);
    assertThat(s.retried()).isEqualTo(4);
    assertThat(s.sent()).isEqualTo(1);
    assertThat(s.lastError()).contains("HTTP 503");
  }

  @Test
  void forwarderPostsToAnExternalAlertmanagersApiV2() {
    AlertmanagerForwarder f = AlertmanagerForwarder.of(java.net.URI.create(base() + "/"), clock);
    f.send(List.of(alert("a", "warning")));
    JsonNode body = bodies.get("/api/v2/alerts").get(0);
    assertThat(body.isArray()).isTrue();
    assertThat(body.get(0).get("labels").get("instance").asText()).isEqualTo("a");
    assertThat(body.get(0).get("startsAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(f.stats().sent()).isEqualTo(1);
    failuresLeft.set(1);
    f.send(List.of(alert("a", "warning")));
    assertThat(f.stats().failed()).isEqualTo(1);
    assertThat(f.stats().lastError()).contains("HTTP 503");
  }
}
