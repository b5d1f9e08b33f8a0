package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.ingest.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The OTLP/HTTP JSON response body: {@code {}} on full success, otherwise
 * {@code {"partialSuccess":{"rejectedSpans":"2","errorMessage":"..."}}} (int64 as a string, as OTLP/JSON
 * writes 64-bit integers).
 */
public final class PartialSuccessJson {
  private static final JsonFactory JSON = new JsonFactory();

  private PartialSuccessJson() {}

  public static byte[] write(DecodeResult<?> result, String rejectedField) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (result.isPartial()) {
        g.writeObjectFieldStart("partialSuccess");
        g.writeStringField(rejectedField, Long.toString(result.rejected()));
        g.writeStringField("errorMessage", result.errorMessage());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory output cannot fail
    }
    return out.toByteArray();
  }
}
