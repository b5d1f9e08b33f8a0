package dev.sightline.pipeline.sampling.internal;

import dev.sightline.pipeline.sampling.Decision;

/** One configured policy. Evaluated under the sampler's lock, so stateful policies need no locking. */
public interface Policy {
  String name();

  Decision evaluate(TraceBuffer trace, long nowMs);
}
