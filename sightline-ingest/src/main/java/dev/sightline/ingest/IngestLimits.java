package dev.sightline.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * Limits every codec applies to what it decodes. The defaults suit a single node; the server makes each
 * one configurable. Size limits throw {@link PayloadTooLargeException}; JSON shape limits throw
 * {@link InvalidPayloadException}; per-record limits drop or truncate and are counted in
 * {@link DecodeResult}; validity rules (ids, timestamps) reject single records (partial success).
 *
 * @param maxBodyBytes largest body as received (compressed), default 16 MiB
 * @param maxDecompressedBytes largest body after {@code Content-Encoding} is undone, default 64 MiB
 * @param maxAttributesPerSpan attributes kept on a span; the rest are dropped and counted
 * @param maxAttributesPerLogRecord attributes (flattened fields) kept on a log record
 * @param maxAttributesPerEvent attributes kept on a span event
 * @param maxAttributesPerLink attributes kept on a span link
 * @param maxResourceAttributes attributes kept on a resource or instrumentation scope
 * @param maxEventsPerSpan events kept on a span (OTel SDK default 128)
 * @param maxLinksPerSpan links kept on a span (OTel SDK default 128)
 * @param maxAttributeValueLength longest string attribute value in chars; longer values are truncated
 * @param maxLogBodyLength longest log body in chars; longer bodies are truncated and counted
 * @param maxJsonNestingDepth deepest JSON nesting accepted (objects and arrays)
 * @param maxJsonStringLength longest JSON string token; a longer one fails the whole body
 * @param maxJsonNumberLength longest JSON number token in chars
 * @param maxLineBytes longest NDJSON/bulk line; a longer line is rejected on its own
 * @param earliestTimestamp a span or record starting before this is rejected, default 2000-01-01
 * @param maxFutureSkew a span or record starting later than now plus this is rejected, default 1 day
 */
public record IngestLimits(
    long maxBodyBytes,
    long maxDecompressedBytes,
    int maxAttributesPerSpan,
    int maxAttributesPerLogRecord,
    int maxAttributesPerEvent,
    int maxAttributesPerLink,
    int maxResourceAttributes,
    int maxEventsPerSpan,
    int maxLinksPerSpan,
    int maxAttributeValueLength,
    int maxLogBodyLength,
    int maxJsonNestingDepth,
    int maxJsonStringLength,
    int maxJsonNumberLength,
    int maxLineBytes,
    Instant earliestTimestamp,
    Duration maxFutureSkew) {

  private static final IngestLimits DEFAULTS = builder().build();

  public IngestLimits {
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxDecompressedBytes", maxDecompressedBytes);
    positive("maxAttributesPerSpan", maxAttributesPerSpan);
    positive("maxAttributesPerLogRecord", maxAttributesPerLogRecord);
    positive("maxAttributesPerEvent", maxAttributesPerEvent);
    positive("maxAttributesPerLink", maxAttributesPerLink);
    positive("maxResourceAttributes", maxResourceAttributes);
    positive("maxEventsPerSpan", maxEventsPerSpan);
    positive("maxLinksPerSpan", maxLinksPerSpan);
    positive("maxAttributeValueLength", maxAttributeValueLength);
    positive("maxLogBodyLength", maxLogBodyLength);
    positive("maxJsonNestingDepth", maxJsonNestingDepth);
    positive("maxJsonStringLength", maxJsonStringLength);
    positive("maxJsonNumberLength", maxJsonNumberLength);
    positive("maxLineBytes", maxLineBytes);
    java.util.Objects.requireNonNull(earliestTimestamp, "earliestTimestamp");
    java.util.Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
    }
  }

  public static IngestLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Builds limits; unset components keep their defaults. */
  public static final class Builder {
    private long maxBodyBytes = 16L << 20;
    private long maxDecompressedBytes = 64L << 20;
    private int maxAttributesPerSpan = 128;
    private int maxAttributesPerLogRecord = 128;
    private int maxAttributesPerEvent = 128;
    private int maxAttributesPerLink = 128;
    private int maxResourceAttributes = 128;
    private int maxEventsPerSpan = 128;
    private int maxLinksPerSpan = 128;
    private int maxAttributeValueLength = 32 * 1024;
    private int maxLogBodyLength = 1 << 20;
    private int maxJsonNestingDepth = 64;
    private int maxJsonStringLength = 8 << 20;
    private int maxJsonNumberLength = 64;
    private int maxLineBytes = 1 << 20;
    private Instant earliestTimestamp = Instant.parse("2000-01-01T00:00:00Z");
    private Duration maxFutureSkew = Duration.ofDays(1);

    private Builder() {}

    private Builder(IngestLimits l) {
      maxBodyBytes = l.maxBodyBytes; maxDecompressedBytes = l.maxDecompressedBytes;
      maxAttributesPerSpan = l.maxAttributesPerSpan; maxAttributesPerLogRecord = l.maxAttributesPerLogRecord;
      maxAttributesPerEvent = l.maxAttributesPerEvent;
      maxAttributesPerLink = l.maxAttributesPerLink; maxResourceAttributes = l.maxResourceAttributes;
      maxEventsPerSpan = l.maxEventsPerSpan; maxLinksPerSpan = l.maxLinksPerSpan;
      maxAttributeValueLength = l.maxAttributeValueLength; maxLogBodyLength = l.maxLogBodyLength;
      maxJsonNestingDepth = l.maxJsonNestingDepth; maxJsonStringLength = l.maxJsonStringLength;
      maxJsonNumberLength = l.maxJsonNumberLength; maxLineBytes = l.maxLineBytes;
      earliestTimestamp = l.earliestTimestamp; maxFutureSkew = l.maxFutureSkew;
    }

    public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
    public Builder maxDecompressedBytes(long v) { maxDecompressedBytes = v; return this; }
    public Builder maxAttributesPerSpan(int v) { maxAttributesPerSpan = v; return this; }
    public Builder maxAttributesPerLogRecord(int v) { maxAttributesPerLogRecord = v; return this; }
    public Builder maxAttributesPerEvent(int v) { maxAttributesPerEvent = v; return this; }
    public Builder maxAttributesPerLink(int v) { maxAttributesPerLink = v; return this; }
    public Builder maxResourceAttributes(int v) { maxResourceAttributes = v; return this; }
    public Builder maxEventsPerSpan(int v) { maxEventsPerSpan = v; return this; }
    public Builder maxLinksPerSpan(int v) { maxLinksPerSpan = v; return this; }
    public Builder maxAttributeValueLength(int v) { maxAttributeValueLength = v; return this; }
    public Builder maxLogBodyLength(int v) { maxLogBodyLength = v; return this; }
    public Builder maxJsonNestingDepth(int v) { maxJsonNestingDepth = v; return this; }
    public Builder maxJsonStringLength(int v) { maxJsonStringLength = v; return this; }
    public Builder maxJsonNumberLength(int v) { maxJsonNumberLength = v; return this; }
    public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
    public Builder earliestTimestamp(Instant v) { earliestTimestamp = v; return this; }
    public Builder maxFutureSkew(Duration v) { maxFutureSkew = v; return this; }

    public IngestLimits build() {
      return new IngestLimits(maxBodyBytes, maxDecompressedBytes, maxAttributesPerSpan, maxAttributesPerLogRecord,
          maxAttributesPerEvent,
          maxAttributesPerLink, maxResourceAttributes, maxEventsPerSpan, maxLinksPerSpan,
          maxAttributeValueLength, maxLogBodyLength, maxJsonNestingDepth, maxJsonStringLength,
          maxJsonNumberLength, maxLineBytes, earliestTimestamp, maxFutureSkew);
    }
  }
}
