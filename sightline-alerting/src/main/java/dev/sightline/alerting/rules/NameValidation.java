package dev.sightline.alerting.rules;

import java.util.regex.Pattern;

/**
 * Which label and metric names are valid: Prometheus 3 accepts any UTF-8 ({@link #UTF8}, the default);
 * {@link #LEGACY} is the classic {@code [a-zA-Z_][a-zA-Z0-9_]*} of Prometheus 2.
 */
public enum NameValidation {
  UTF8, LEGACY;

  private static final Pattern LEGACY_LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern LEGACY_METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  public boolean validLabelName(String s) {
    return this == UTF8 ? s != null && !s.isEmpty() && wellFormed(s) : s != null && LEGACY_LABEL.matcher(s).matches();
  }

  public boolean validMetricName(String s) {
    return this == UTF8 ? s != null && !s.isEmpty() && wellFormed(s) : s != null && LEGACY_METRIC.matcher(s).matches();
  }

  /** No lone surrogates: the Java form of Go's utf8.ValidString. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
