package dev.sightline.alerting.notify.config;

import java.util.List;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} that have the same values
 * for every {@code equal} label are muted. An alert matching both sides does not inhibit itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
  public InhibitRule {
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
  }
}
