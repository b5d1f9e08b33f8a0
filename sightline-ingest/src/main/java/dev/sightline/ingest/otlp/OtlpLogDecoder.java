package dev.sightline.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.AttributeLimiter;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.OtlpJsonReader;
import dev.sightline.ingest.internal.OtlpValues;
import dev.sightline.ingest.internal.PartialSuccessJson;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.ingest.internal.Severities;
import dev.sightline.ingest.internal.ValueJson;
import dev.sightline.model.Ids;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Decodes OTLP log exports (gRPC message, HTTP protobuf or HTTP JSON) into {@link LogRecord}s with
 * partial success, like {@link OtlpTraceDecoder}.
 *
 * <p>Mapping: a string body is the record's body; any other body (a map, a list, a number) is kept as
 * its JSON text. Attributes holding maps are flattened with dots ({@code http: {status: 500}} becomes
 * {@code http.status}), as every Sightline log record stores them; {@code event_name} becomes the
 * attribute {@code event.name}. A record without {@code time_unix_nano} takes its observed time, and one
 * without either takes the time it was received (the OTLP spec's rule). When only a severity text is
 * sent, its number is derived from it. A record is rejected when a trace or span id is present but not
 * 16/8 non-zero bytes, or when its time is implausible. Thread-safe.
 */
public final class OtlpLogDecoder {
  static final String EVENT_NAME = "event.name";

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final Clock clock;
  private final OtlpJsonReader json;

  private OtlpLogDecoder(IngestLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checks = new RecordChecks(limits, clock);
    this.json = new OtlpJsonReader(limits);
  }

  public static OtlpLogDecoder create(IngestLimits limits, Clock clock) {
    return new OtlpLogDecoder(limits, clock);
  }

  /** Decodes an {@code application/x-protobuf} body (already decompressed). */
  public DecodeResult<LogRecord> decodeProtobuf(byte[] body) {
    try {
      return decode(ExportLogsServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException("malformed OTLP protobuf ExportLogsServiceRequest: " + e.getMessage(), e);
    }
  }

  /** Decodes an {@code application/json} body per the OTLP/JSON encoding rules. */
  public DecodeResult<LogRecord> decodeJson(byte[] body) {
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    json.merge(body, b);
    return decode(b.build());
  }

  /** Decodes a parsed request, as the gRPC service receives it. */
  public DecodeResult<LogRecord> decode(ExportLogsServiceRequest request) {
    DecodeStats<LogRecord> stats = new DecodeStats<>("log records");
    Instant now = clock.instant();
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    for (int r = 0; r < request.getResourceLogsCount(); r++) {
      ResourceLogs rl = request.getResourceLogs(r);
      Resource resource = OtlpValues.resource(rl.getResource(), limits.maxResourceAttributes(),
          limits.maxAttributeValueLength(), stats);
      for (int s = 0; s < rl.getScopeLogsCount(); s++) {
        ScopeLogs sl = rl.getScopeLogs(s);
        InstrumentationScope scope = OtlpValues.scope(sl.getScope(), limits.maxResourceAttributes(),
            limits.maxAttributeValueLength(), stats);
        for (int i = 0; i < sl.getLogRecordsCount(); i++) {
          String where = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]";
          LogRecord record = record(sl.getLogRecords(i), resource, scope, where, nowNanos, stats);
          if (record != null) {
            stats.accept(record);
          }
        }
      }
    }
    return stats.result();
  }

  /** The same response as OTLP/JSON, for {@code application/json} requests on OTLP/HTTP. */
  public static byte[] responseJson(DecodeResult<?> result) {
    return PartialSuccessJson.write(result, "rejectedLogRecords");
  }

  /** The response an OTLP receiver sends for a result: empty on full success, partial_success otherwise. */
  public static ExportLogsServiceResponse response(DecodeResult<?> result) {
    ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
    if (result.isPartial()) {
      b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
          .setRejectedLogRecords(result.rejected())
          .setErrorMessage(result.errorMessage()));
    }
    return b.build();
  }

  private LogRecord record(io.opentelemetry.proto.logs.v1.LogRecord p, Resource resource,
                           InstrumentationScope scope, String where, long nowNanos, DecodeStats<LogRecord> stats) {
    String problem = optionalId(p.getTraceId(), true, where + ".traceId");
    if (problem == null) {
      problem = optionalId(p.getSpanId(), false, where + ".spanId");
    }
    long observed = p.getObservedTimeUnixNano() != 0 ? p.getObservedTimeUnixNano() : nowNanos;
    long time = p.getTimeUnixNano() != 0 ? p.getTimeUnixNano() : observed;
    if (problem == null) {
      String t = checks.start(time);
      problem = t == null ? null
          : where + (p.getTimeUnixNano() != 0 ? ".timeUnixNano: " : ".observedTimeUnixNano: ") + t;
    }
    if (problem != null) {
      stats.reject(problem);
      return null;
    }

    AttributeLimiter attrs = new AttributeLimiter(limits.maxAttributesPerLogRecord(),
        limits.maxAttributeValueLength(), stats);
    for (KeyValue kv : p.getAttributesList()) {
      ValueJson.flattenInto(attrs, kv.getKey(), OtlpValues.value(kv.getValue()));
    }
    if (!p.getEventName().isEmpty()) {
      attrs.put(EVENT_NAME, p.getEventName());
    }
    Object bodyValue = OtlpValues.value(p.getBody());
    String body = bodyValue == null ? "" : bodyValue instanceof String s ? s : ValueJson.toJson(bodyValue);
    if (body.length() > limits.maxLogBodyLength()) {
      stats.truncatedValue();
      body = body.substring(0, limits.maxLogBodyLength());
    }
    int severity = p.getSeverityNumberValue();
    if (severity <= 0 || severity > 24) {
      severity = Severities.fromText(p.getSeverityText());
    }
    return LogRecord.builder()
        .epochNanos(time)
        .observedEpochNanos(observed)
        .severityNumber(severity)
        .severityText(p.getSeverityText())
        .body(body)
        .attributes(attrs.build())
        .resource(resource)
        .scope(scope)
        .traceId(p.getTraceId().isEmpty() ? "" : Ids.toHex(p.getTraceId().toByteArray()))
        .spanId(p.getSpanId().isEmpty() ? "" : Ids.toHex(p.getSpanId().toByteArray()))
        .flags(p.getFlags())
        .build();
  }

  private static String optionalId(ByteString id, boolean trace, String where) {
    if (id.isEmpty()) {
      return null;
    }
    byte[] bytes = id.toByteArray();
    String p = trace ? RecordChecks.traceIdBytes(bytes) : RecordChecks.spanIdBytes(bytes);
    return p == null ? null : where + ": " + p;
  }
}
