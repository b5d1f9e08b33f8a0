package dev.sightline.alerting.rules;

import java.util.Locale;

/** An alert's state as Prometheus names it in ALERTS{alertstate} and the API. */
public enum AlertState {
  INACTIVE, PENDING, FIRING;

  /** {@code inactive}, {@code pending}, {@code firing}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
