package dev.sightline.model;

/** Span status code; ordinals match OTLP's {@code Status.StatusCode} numbers. */
public enum StatusCode {
  UNSET, OK, ERROR;

  private static final StatusCode[] VALUES = values();

  public static StatusCode fromOtlp(int number) {
    return number >= 0 && number < VALUES.length ? VALUES[number] : UNSET;
  }
}
