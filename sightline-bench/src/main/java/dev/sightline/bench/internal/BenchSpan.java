package dev.sightline.bench.internal;

import java.util.List;
import java.util.Map;

/**
 * One generated span, in the bench's own neutral model so that the OTLP and Zipkin encoders send the
 * same data. Attribute values are {@link String}, {@link Long}, {@link Double} or {@link Boolean}.
 *
 * @param parentSpanId null for a root span
 * @param statusMessage null unless {@code error}
 */
public record BenchSpan(byte[] traceId, byte[] spanId, byte[] parentSpanId, Service service, String name,
                        Kind kind, long startNanos, long endNanos, boolean error, String statusMessage,
                        Map<String, Object> attributes, List<Event> events) {

  /** Span kinds, named as OTLP and Zipkin both name them (Zipkin has no INTERNAL: the kind is omitted). */
  public enum Kind { INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

  /** A timestamped event, such as an {@code exception}; a Zipkin annotation on the other wire. */
  public record Event(long timeNanos, String name, Map<String, Object> attributes) { }

  /** A service: its name and the resource attributes every span it emits carries. */
  public record Service(String name, String host, int port, Map<String, String> resource) { }
}
