package dev.sightline.ingest.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.JsonFactories;
import dev.sightline.ingest.internal.JsonLines;
import dev.sightline.ingest.internal.LogRecordAssembler;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.model.LogRecord;
import java.time.Clock;
import java.util.Objects;

/**
 * Decodes {@code POST /api/logs}: newline-delimited JSON, one log record per line, as python-json-logger,
 * logstash-logback-encoder, pino and zap write them. Nested objects are flattened with dots and
 * well-known fields (time, level, message, service, trace/span ids) are lifted out of their common
 * spellings — see {@link LogRecordAssembler} for the list.
 *
 * <p>A bad line (invalid JSON, invalid UTF-8, not an object, longer than
 * {@link IngestLimits#maxLineBytes()}, an unreadable or implausible time) is rejected alone and reported
 * as {@code "line 3: invalid JSON at column 14: ..."} in {@link DecodeResult#errorMessage()}; the good
 * lines are kept. Thread-safe.
 */
public final class NdjsonLogDecoder {
  private final IngestLimits limits;
  private final RecordChecks checks;
  private final Clock clock;
  private final ObjectMapper mapper;

  private NdjsonLogDecoder(IngestLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checks = new RecordChecks(limits, clock);
    this.mapper = JsonFactories.mapper(limits);
  }

  public static NdjsonLogDecoder create(IngestLimits limits, Clock clock) {
    return new NdjsonLogDecoder(limits, clock);
  }

  /** Decodes a body (already decompressed); never throws for bad lines, only reports them. */
  public DecodeResult<LogRecord> decode(byte[] body) {
    DecodeStats<LogRecord> stats = new DecodeStats<>("log records");
    LogRecordAssembler assembler = new LogRecordAssembler(limits, checks, clock, stats);
    JsonLines.forEach(body, (line, bytes, offset, length) -> {
      try {
        var fields = JsonLines.flattenedObject(mapper, bytes, offset, length, limits.maxLineBytes());
        stats.accept(assembler.assemble(fields, 0, "", ""));
      } catch (IllegalArgumentException e) {
        stats.reject("line " + line + ": " + e.getMessage());
      }
    });
    return stats.result();
  }
}
