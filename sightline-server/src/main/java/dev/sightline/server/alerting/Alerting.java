package dev.sightline.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertSink;
import dev.sightline.alerting.notify.AlertmanagerForwarder;
import dev.sightline.alerting.notify.Dispatcher;
import dev.sightline.alerting.notify.config.NotifyConfig;
import dev.sightline.alerting.notify.config.NotifyConfigParser;
import dev.sightline.alerting.rules.RuleEngine;
import dev.sightline.alerting.rules.RuleFileGlobs;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.server.config.SightlineConfig;
import dev.sightline.store.tsdb.Tsdb;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules and notifications, wired: the rule engine evaluates {@code rule_files} over the TSDB and hands
 * what fires to the dispatcher (Alertmanager-format routing, silences, acks, receivers, history) and to
 * any external Alertmanager in {@code alerting_forward_to}. {@link #reload()} re-reads the rule files
 * and the Alertmanager configuration and keeps the previous ones when either is invalid.
 */
public final class Alerting implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Alerting.class);
  /** Routes everything to a receiver with no integrations: alerts are kept, shown and recorded. */
  private static final String DEFAULT_NOTIFY = "route:\n  receiver: sightline\nreceivers:\n  - name: sightline\n";

  private final SightlineConfig config;
  private final Dispatcher dispatcher;
  private final List<AlertmanagerForwarder> forwarders = new ArrayList<>();
  private final RuleEngine rules;
  private volatile String lastReloadError = "";

  private Alerting(SightlineConfig config, Dispatcher dispatcher, RuleEngine rules) {
    this.config = config;
    this.dispatcher = dispatcher;
    this.rules = rules;
  }

  /** Builds and loads; throws with file:line when the configuration or a rule file is invalid at start. */
  public static Alerting start(SightlineConfig config, Tsdb tsdb, PromqlEngine promql, Clock clock,
                               String externalUrl) throws IOException {
    Dispatcher dispatcher = Dispatcher.builder(notifyConfig(config))
        .clock(clock)
        .dataDir(config.storage().dataDir().resolve("alerting"))
        .externalUrl(externalUrl)
        .build();
    List<AlertmanagerForwarder> forwarders = new ArrayList<>();
    for (String url : config.alertingForwardTo()) {
      forwarders.add(AlertmanagerForwarder.of(URI.create(url), clock));
    }
    AlertSink fanOut = alerts -> {
      dispatcher.send(alerts);
      for (AlertmanagerForwarder f : forwarders) {
        f.send(alerts);
      }
    };
    RuleEngine rules = RuleEngine.builder(promql, tsdb.querier(), tsdb::appender)
        .sink(fanOut)
        .clock(clock)
        .evaluationInterval(config.global().evaluationInterval())
        .externalLabels(config.global().externalLabels())
        .externalUrl(externalUrl)
        .build();
    Alerting a = new Alerting(config, dispatcher, rules);
    a.forwarders.addAll(forwarders);
    try {
      rules.loadFiles(ruleFiles(config.ruleFiles()));
    } catch (dev.sightline.alerting.rules.RuleFileException e) {
      dispatcher.close();
      throw new IOException("rule files are invalid:\n" + e.getMessage(), e);
    }
    rules.start();
    return a;
  }

  static NotifyConfig notifyConfig(SightlineConfig config) throws IOException {
    if (config.alertingConfigFile() != null) {
      return NotifyConfigParser.parseFile(config.alertingConfigFile());
    }
    JsonNode inline = config.alerting();
    if (inline != null && !inline.isNull() && !inline.isMissingNode()) {
      String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(inline);
      return NotifyConfigParser.parse(yaml, "sightline.yaml (alerting:)");
    }
    return NotifyConfigParser.parse(DEFAULT_NOTIFY, "built-in default");
  }

  /** Expands {@code rule_files} as prometheus.yml does (globs in the file name), from the working directory. */
  static List<Path> ruleFiles(List<String> patterns) throws IOException {
    return RuleFileGlobs.expand(Path.of("."), patterns);
  }

  /**
   * Re-reads rule files and the notification configuration. Each is replaced only when valid; the
   * error (file:line) is returned and kept for the API, and the previous configuration keeps running.
   */
  public synchronized String reload() {
    List<String> errors = new ArrayList<>();
    try {
      rules.loadFiles(ruleFiles(config.ruleFiles()));
    } catch (dev.sightline.alerting.rules.RuleFileException | IOException e) {
      errors.add(e.getMessage());
    }
    try {
      dispatcher.reload(notifyConfig(config));
    } catch (IOException | RuntimeException e) {
      errors.add(e.getMessage());
    }
    lastReloadError = String.join("\n", errors);
    if (!errors.isEmpty()) {
      log.error("reload kept the previous configuration: {}", lastReloadError);
    } else {
      log.info("rules and notification configuration reloaded");
    }
    return lastReloadError;
  }

  /** Delivers due notifications; the server calls it every second. */
  public void tick() {
    dispatcher.tick();
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public RuleEngine rules() {
    return rules;
  }

  public List<AlertmanagerForwarder> forwarders() {
    return forwarders;
  }

  public String lastReloadError() {
    return lastReloadError;
  }

  /** For tests that want alerts without rules. */
  void send(List<Alert> alerts) {
    dispatcher.send(alerts);
  }

  @Override
  public void close() {
    rules.close();
    dispatcher.close();
  }
}
