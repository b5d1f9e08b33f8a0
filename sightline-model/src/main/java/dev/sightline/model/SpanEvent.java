package dev.sightline.model;

/** A timestamped annotation on a span (an exception, a retry, a cache miss). */
public record SpanEvent(long epochNanos, String name, Attributes attributes, int droppedAttributesCount) {
  public SpanEvent {
    name = name == null ? "" : name;
    attributes = attributes == null ? Attributes.empty() : attributes;
  }

  public static SpanEvent of(long epochNanos, String name, Attributes attributes) {
    return new SpanEvent(epochNanos, name, attributes, 0);
  }
}
