package dev.sightline.model;

/** The role of a span in a trace; ordinals match OTLP's {@code Span.SpanKind} numbers. */
public enum SpanKind {
  UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

  private static final SpanKind[] VALUES = values();

  /** The kind for an OTLP enum number; unknown numbers map to {@link #UNSPECIFIED}. */
  public static SpanKind fromOtlp(int number) {
    return number >= 0 && number < VALUES.length ? VALUES[number] : UNSPECIFIED;
  }
}
