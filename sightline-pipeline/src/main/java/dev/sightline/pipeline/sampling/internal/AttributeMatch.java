package dev.sightline.pipeline.sampling.internal;

import dev.sightline.model.Span;
import java.util.function.Predicate;

/** Looks for an attribute among a trace's span and resource attributes. */
final class AttributeMatch {
  private AttributeMatch() {}

  /** True when any span's own or resource attribute {@code key} satisfies {@code test}. */
  static boolean any(TraceBuffer t, String key, Predicate<Object> test) {
    for (Span s : t.spans()) {
      Object v = s.attributes().get(key);
      if (v != null && test.test(v)) {
        return true;
      }
      Object r = s.resource().attributes().get(key);
      if (r != null && test.test(r)) {
        return true;
      }
    }
    return false;
  }
}
