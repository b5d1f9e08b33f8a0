package dev.sightline.store.tsdb.internal;

import dev.sightline.store.tsdb.TsdbLimits;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;

/** What {@link TsdbEngine} needs; built by {@code Tsdb.Builder}. Durations in milliseconds; 0 means "no limit". */
public record EngineConfig(Path dataDir, Clock clock, long blockDurationMs, long retentionTimeMs,
    long retentionSizeBytes, TsdbLimits limits, WalOptions walOptions, int maxSamplesPerChunk,
    long maxBlockDurationMs, long maxFutureMs) {}
