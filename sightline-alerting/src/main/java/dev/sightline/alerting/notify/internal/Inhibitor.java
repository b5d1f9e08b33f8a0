package dev.sightline.alerting.notify.internal;

import dev.sightline.alerting.Alert;
import dev.sightline.alerting.notify.config.InhibitRule;
import dev.sightline.alerting.notify.config.Matcher;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Alertmanager's inhibition over the current firing alerts. */
public final class Inhibitor {
  private Inhibitor() {}

  public static boolean inhibited(Alert target, Collection<Alert> all, List<InhibitRule> rules, Instant now) {
    for (InhibitRule r : rules) {
      if (!Matcher.all(r.target(), target.labels())) {
        continue;
      }
      boolean targetIsSource = Matcher.all(r.source(), target.labels());
      for (Alert s : all) {
        if (s.resolvedAt(now) || s.fingerprint().equals(target.fingerprint()) || !Matcher.all(r.source(), s.labels())) {
          continue;
        }
        // an alert on both sides cannot be inhibited by another alert on both sides
        if (targetIsSource && Matcher.all(r.target(), s.labels())) {
          continue;
        }
        boolean equal = true;
        for (String l : r.equal()) {
          equal &= Objects.equals(s.labels().get(l), target.labels().get(l));
        }
        if (equal) {
          return true;
        }
      }
    }
    return false;
  }
}
