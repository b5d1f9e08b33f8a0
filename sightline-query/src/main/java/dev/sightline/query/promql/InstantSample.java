package dev.sightline.query.promql;

import dev.sightline.model.metric.Labels;

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
public record InstantSample(Labels labels, long timestampMs, double value) {}
