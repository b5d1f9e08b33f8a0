package dev.sightline.pipeline.sampling;

/**
 * One policy's verdict on a trace, as the Collector's tail sampler names them. The inverted kinds come
 * from policies with {@code invert_match: true} and weigh differently in the final decision (see
 * {@link TailSampler}).
 */
public enum Decision {
  SAMPLED, NOT_SAMPLED, INVERTED_SAMPLED, INVERTED_NOT_SAMPLED;

  /** Label value for metrics: {@code sampled}, {@code not_sampled}, ... */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
