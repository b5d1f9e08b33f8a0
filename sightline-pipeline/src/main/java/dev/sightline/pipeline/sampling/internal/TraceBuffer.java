package dev.sightline.pipeline.sampling.internal;

import dev.sightline.model.Attributes;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The spans of one undecided trace, with what policies and memory accounting need. Not thread-safe. */
public final class TraceBuffer {
  private final String traceId;
  private final long firstSeenMs;
  private final List<Span> spans = new ArrayList<>(4);
  private long bytes;
  private long minStartNanos = Long.MAX_VALUE;
  private long maxEndNanos = Long.MIN_VALUE;
  private boolean upstreamSampledOut;

  public TraceBuffer(String traceId, long firstSeenMs) {
    this.traceId = traceId;
    this.firstSeenMs = firstSeenMs;
  }

  /** Adds a span; returns its estimated size in bytes. */
  public long add(Span s, boolean sampledOutUpstream) {
    spans.add(s);
    long b = estimate(s);
    bytes += b;
    minStartNanos = Math.min(minStartNanos, s.startEpochNanos());
    maxEndNanos = Math.max(maxEndNanos, s.endEpochNanos());
    upstreamSampledOut |= sampledOutUpstream;
    return b;
  }

  public String traceId() {
    return traceId;
  }

  public long firstSeenMs() {
    return firstSeenMs;
  }

  public List<Span> spans() {
    return spans;
  }

  public int spanCount() {
    return spans.size();
  }

  public long bytes() {
    return bytes;
  }

  public boolean upstreamSampledOut() {
    return upstreamSampledOut;
  }

  /** Earliest start to latest end, in nanoseconds. */
  public long durationNanos() {
    return spans.isEmpty() ? 0 : Math.max(0, maxEndNanos - minStartNanos);
  }

  /**
   * Approximate retained size of a span: object headers and fields, its strings, attributes, events and
   * links. The resource and scope are shared between the spans of a batch and are not counted. An
   * estimate (within tens of percent of the real heap use), not a measurement: enough to keep a bound.
   */
  static long estimate(Span s) {
    long b = 160 + str(s.traceId()) + str(s.spanId()) + str(s.parentSpanId()) + str(s.name())
        + str(s.traceState()) + str(s.status().message()) + attrs(s.attributes());
    for (SpanEvent e : s.events()) {
      b += 48 + str(e.name()) + attrs(e.attributes());
    }
    for (SpanLink l : s.links()) {
      b += 64 + str(l.traceId()) + str(l.spanId()) + attrs(l.attributes());
    }
    return b;
  }

  private static long str(String s) {
    return 40 + s.length();
  }

  private static long attrs(Attributes a) {
    return attrs(a, 0);
  }

  // nesting is walked to a fixed depth; deeper values count as a flat kilobyte (hostile input)
  private static long attrs(Attributes a, int depth) {
    if (depth > 16) {
      return 1024;
    }
    if (a.isEmpty()) {
      return 0;
    }
    long b = 64;
    for (Map.Entry<String, Object> e : a.asMap().entrySet()) {
      b += 48 + str(e.getKey()) + value(e.getValue(), depth);
    }
    return b;
  }

  private static long value(Object v, int depth) {
    if (v instanceof String s) {
      return str(s);
    }
    if (v instanceof Attributes nested) {
      return attrs(nested, depth + 1);
    }
    if (v instanceof List<?> list) {
      long b = 40;
      for (Object o : list) {
        b += 8 + (depth > 16 ? 16 : value(o, depth + 1));
      }
      return b;
    }
    return 16;
  }
}
