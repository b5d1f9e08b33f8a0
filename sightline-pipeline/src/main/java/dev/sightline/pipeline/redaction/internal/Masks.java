package dev.sightline.pipeline.redaction.internal;

/** The one mask format: {@code [REDACTED:<rule>]}, so a reader sees what was removed and why. */
public final class Masks {
  private Masks() {}

  public static String of(String rule) {
    return "[REDACTED:" + rule + "]";
  }
}
