package dev.sightline.bench.internal;

import java.util.List;

/** One request body ready to send: whole traces, so that a trace is acknowledged all at once. */
public record Batch(byte[] body, int spans, List<String> traceIds) { }
