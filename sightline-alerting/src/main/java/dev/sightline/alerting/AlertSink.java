package dev.sightline.alerting;

import java.util.List;

/**
 * Where the rule engine sends the alerts it holds after each evaluation of a group (firing ones, and
 * resolved ones for a while after they resolve), as Prometheus sends them to Alertmanager. The
 * notification side (routing, grouping, silences, inhibition, receivers) implements it; so does the
 * forwarder to an external Alertmanager.
 */
@FunctionalInterface
public interface AlertSink {
  void send(List<Alert> alerts);
}
