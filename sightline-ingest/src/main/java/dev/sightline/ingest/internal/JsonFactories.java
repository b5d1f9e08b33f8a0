package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;

/**
 * Jackson factories with every read limit set explicitly from {@link IngestLimits}, so that a hostile
 * body (deep nesting, a huge string, a thousand-digit number) fails fast with a clear message instead of
 * relying on Jackson's defaults, which change between releases.
 */
public final class JsonFactories {
  private JsonFactories() {}

  public static JsonFactory factory(IngestLimits limits) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxJsonNestingDepth())
        .maxStringLength(limits.maxJsonStringLength())
        .maxNumberLength(limits.maxJsonNumberLength())
        .maxNameLength(Math.min(limits.maxJsonStringLength(), 64 * 1024))
        .maxDocumentLength(limits.maxDecompressedBytes())
        .build();
    return JsonFactory.builder()
        .streamReadConstraints(constraints)
        // Duplicate keys are not rejected: zap and others write them; the last one wins, as in JavaScript.
        .build();
  }

  public static ObjectMapper mapper(IngestLimits limits) {
    // "{...} {...}" on one NDJSON line or after a Zipkin array is an error, not two values.
    return new ObjectMapper(factory(limits)).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Turns a Jackson failure into an {@link InvalidPayloadException} naming the line and column. */
  public static InvalidPayloadException invalid(String what, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new InvalidPayloadException("invalid " + what + where + ": " + message(e), e);
  }

  /** Jackson's message without its notes on source redaction and binding, which only confuse a client. */
  public static String message(JsonProcessingException e) {
    return e.getOriginalMessage()
        .replaceAll(" \\(start marker at \\[Source: [^]]*; line: (\\d+), column: (\\d+)\\]\\)",
            " (started at line $1, column $2)")
        .replaceAll(" \\(bound as `[^`]*`\\)", "")
        .replaceAll(": not allowed as per `[^`]*`", "");
  }

  /** A path like {@code resourceSpans[0].scopeSpans[0].spans[3].traceId} for the parser's position. */
  public static String path(JsonStreamContext ctx) {
    StringBuilder sb = new StringBuilder();
    append(sb, ctx);
    return sb.isEmpty() ? "$" : sb.toString();
  }

  private static void append(StringBuilder sb, JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) {
      return;
    }
    append(sb, ctx.getParent());
    if (ctx.inArray()) {
      sb.append('[').append(Math.max(0, ctx.getCurrentIndex())).append(']');
    } else if (ctx.getCurrentName() != null) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(ctx.getCurrentName());
    }
  }
}
