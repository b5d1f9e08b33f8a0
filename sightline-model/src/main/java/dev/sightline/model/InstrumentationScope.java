package dev.sightline.model;

/** The library that recorded the telemetry (OTLP's {@code InstrumentationScope}). */
public record InstrumentationScope(String name, String version, Attributes attributes) {
  private static final InstrumentationScope EMPTY = new InstrumentationScope("", "", Attributes.empty());

  public InstrumentationScope {
    name = name == null ? "" : name;
    version = version == null ? "" : version;
    attributes = attributes == null ? Attributes.empty() : attributes;
  }

  public static InstrumentationScope empty() {
    return EMPTY;
  }
}
