package dev.sightline.store;

import dev.sightline.model.Attributes;
import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanKind;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import dev.sightline.model.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates spans that exercise every field of the model, from a seed so failures reproduce. */
public final class RandomSpans {
  private final Random random;
  private final long baseEpochNanos;

  public RandomSpans(long seed) {
    this(seed, 1_700_000_000_000_000_000L);
  }

  /** Span start times fall in the hour after {@code baseEpochNanos}. */
  public RandomSpans(long seed, long baseEpochNanos) {
    this.random = new Random(seed);
    this.baseEpochNanos = baseEpochNanos;
  }

  public String traceId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[0] |= 1; // never all zeros
    return Ids.toHex(b);
  }

  public String spanId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    b[0] |= 1;
    return Ids.toHex(b);
  }

  public String text(int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(10);
      if (pick < 7) {
        sb.append((char) ('a' + random.nextInt(26)));
      } else if (pick < 9) {
        sb.appendCodePoint("é日🙂 =,".codePoints().toArray()[random.nextInt(6)]);
      } else {
        sb.append((char) ('0' + random.nextInt(10)));
      }
    }
    return sb.toString();
  }

  public Object value(int depth) {
    return switch (random.nextInt(depth > 2 ? 4 : 6)) {
      case 0 -> text(12);
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong() >> random.nextInt(64);
      case 3 -> random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
      case 4 -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.add(value(depth + 1));
        }
        yield list;
      }
      default -> attributes(3, depth + 1);
    };
  }

  public Attributes attributes(int max, int depth) {
    Attributes.Builder b = Attributes.builder();
    int n = random.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      b.put("k" + random.nextInt(20) + "." + text(4), value(depth));
    }
    return b.build();
  }

  public Resource resource() {
    return new Resource(Attributes.builder().put(Resource.SERVICE_NAME, "svc-" + random.nextInt(5))
        .putAll(attributes(4, 0)).build());
  }

  /** A span with every field filled at random (ids, times, attributes, events, links, status...). */
  public Span span(String traceId, Resource resource) {
    long start = baseEpochNanos + (random.nextLong() & 0x3FFFFFFFFFFL); // up to ~73 minutes later
    long end = start + random.nextInt(1_000_000_000);
    List<SpanEvent> events = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      events.add(new SpanEvent(start + random.nextInt(1000), text(10), attributes(3, 0), random.nextInt(3)));
    }
    List<SpanLink> links = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      links.add(new SpanLink(traceId(), spanId(), text(8), attributes(2, 0), random.nextInt(3)));
    }
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId())
        .parentSpanId(random.nextBoolean() ? "" : spanId())
        .traceState(random.nextBoolean() ? "" : "vendor=" + text(6))
        .flags(random.nextInt(3))
        .name("op-" + text(8))
        .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
        .startEpochNanos(start)
        .endEpochNanos(end)
        .attributes(attributes(6, 0))
        .events(events)
        .links(links)
        .status(new Status(StatusCode.values()[random.nextInt(3)], random.nextBoolean() ? "" : text(20)))
        .resource(resource)
        .scope(new InstrumentationScope("io.lib." + text(5), text(3), attributes(2, 0)))
        .droppedAttributesCount(random.nextInt(4))
        .droppedEventsCount(random.nextInt(4))
        .droppedLinksCount(random.nextInt(4))
        .build();
  }

  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
