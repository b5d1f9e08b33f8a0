package dev.sightline.alerting.rules;

import java.util.Locale;

/** A rule's health after its last evaluation: {@code unknown} before the first one. */
public enum RuleHealth {
  UNKNOWN, OK, ERR;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
