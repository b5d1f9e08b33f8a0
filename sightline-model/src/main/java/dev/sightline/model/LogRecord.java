package dev.sightline.model;

import java.util.Objects;

/**
 * One log record, from any source (OTLP logs, NDJSON, Elasticsearch bulk, Loki), after normalisation.
 *
 * <p>{@code attributes} hold every other field of the record, nested JSON flattened with dots
 * ({@code {"http":{"status":500}}} becomes {@code http.status = 500}). Trace and span ids are lowercase
 * hex or empty. Times are nanoseconds since the Unix epoch; {@code severityNumber} follows OTLP
 * (1-24, 0 = unspecified).
 */
public record LogRecord(
    long epochNanos,
    long observedEpochNanos,
    int severityNumber,
    String severityText,
    String body,
    Attributes attributes,
    Resource resource,
    InstrumentationScope scope,
    String traceId,
    String spanId,
    int flags) {

  public LogRecord {
    severityText = severityText == null ? "" : severityText;
    body = body == null ? "" : body;
    attributes = attributes == null ? Attributes.empty() : attributes;
    resource = resource == null ? Resource.empty() : resource;
    scope = scope == null ? InstrumentationScope.empty() : scope;
    traceId = traceId == null ? "" : traceId;
    spanId = spanId == null ? "" : spanId;
  }

  public String serviceName() {
    return resource.serviceName();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds log records field by field. */
  public static final class Builder {
    private long epochNanos;
    private long observedEpochNanos;
    private int severityNumber;
    private String severityText = "";
    private String body = "";
    private Attributes attributes = Attributes.empty();
    private Resource resource = Resource.empty();
    private InstrumentationScope scope = InstrumentationScope.empty();
    private String traceId = "";
    private String spanId = "";
    private int flags;

    private Builder() {}

    public Builder epochNanos(long v) { epochNanos = v; return this; }
    public Builder observedEpochNanos(long v) { observedEpochNanos = v; return this; }
    public Builder severityNumber(int v) { severityNumber = v; return this; }
    public Builder severityText(String v) { severityText = v; return this; }
    public Builder body(String v) { body = v; return this; }
    public Builder attributes(Attributes v) { attributes = Objects.requireNonNull(v); return this; }
    public Builder resource(Resource v) { resource = Objects.requireNonNull(v); return this; }
    public Builder scope(InstrumentationScope v) { scope = Objects.requireNonNull(v); return this; }
    public Builder traceId(String v) { traceId = v; return this; }
    public Builder spanId(String v) { spanId = v; return this; }
    public Builder flags(int v) { flags = v; return this; }

    public LogRecord build() {
      return new LogRecord(epochNanos, observedEpochNanos, severityNumber, severityText, body, attributes,
          resource, scope, traceId, spanId, flags);
    }
  }
}
