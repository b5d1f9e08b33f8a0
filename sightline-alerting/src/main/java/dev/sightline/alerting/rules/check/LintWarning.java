package dev.sightline.alerting.rules.check;

/**
 * A rule that loads but is likely to hurt whoever is on call. {@code code} is one of
 * {@code pages-on-cause}, {@code no-for}, {@code never-true}, {@code duplicate}.
 */
public record LintWarning(String file, int line, String group, String rule, String code, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": group \"" + group + "\", rule \"" + rule + "\": " + message
        + " [" + code + "]";
  }
}
