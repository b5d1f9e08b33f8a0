package dev.sightline.pipeline.sampling;

/**
 * The final decision on a trace. {@code policy} names the first policy that sampled it, or why it was
 * not ({@value TailSampler#UPSTREAM} when a head sampler upstream had already sampled it out; empty when
 * no policy sampled it).
 */
public record TraceDecision(boolean sampled, String policy) {}
