package dev.sightline.model;

/** A reference from one span to a span of (possibly) another trace. Ids are lowercase hex. */
public record SpanLink(String traceId, String spanId, String traceState, Attributes attributes,
                       int droppedAttributesCount) {
  public SpanLink {
    traceState = traceState == null ? "" : traceState;
    attributes = attributes == null ? Attributes.empty() : attributes;
  }
}
