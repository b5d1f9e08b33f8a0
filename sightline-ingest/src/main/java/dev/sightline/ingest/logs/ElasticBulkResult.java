package dev.sightline.ingest.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.model.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded {@code _bulk} request: one {@link BulkItem} per action in request order, and the records to
 * store. {@link #responseJson(long)} writes the response body in exactly the shape Elasticsearch
 * answers with ({@code took}, {@code errors}, {@code items: [{"create": {"_index", "_id", "_version",
 * "result", "_shards", "_seq_no", "_primary_term", "status"}}]} and {@code "error": {"type", "reason"}}
 * on failed items), which is what Filebeat, Fluent Bit and Vector parse to decide what to retry.
 *
 * @param items every action's outcome, in request order
 * @param decodeResult the accepted records and what the limits dropped, for metrics
 */
public record ElasticBulkResult(List<BulkItem> items, DecodeResult<LogRecord> decodeResult) {
  private static final JsonFactory JSON = new JsonFactory();

  public ElasticBulkResult {
    items = List.copyOf(items);
  }

  /** The records to store (those of the successful items), in request order. */
  public List<LogRecord> records() {
    return decodeResult.accepted();
  }

  public boolean errors() {
    return items.stream().anyMatch(i -> !i.ok());
  }

  /**
   * The same result with every successful item turned into a failure, for when storing them failed:
   * use status 429 with type {@code es_rejected_execution_exception} for backpressure, so that shippers
   * retry, or 500 otherwise.
   */
  public ElasticBulkResult failAccepted(int status, String type, String reason) {
    List<BulkItem> out = new ArrayList<>(items.size());
    for (BulkItem i : items) {
      out.add(i.ok() ? BulkItem.failed(i.action(), i.index(), i.id(), status, type, reason) : i);
    }
    DecodeResult<LogRecord> none = new DecodeResult<>(List.of(), decodeResult.rejected()
        + decodeResult.accepted().size(), reason, decodeResult.droppedAttributes(), decodeResult.truncatedValues(),
        0, 0);
    return new ElasticBulkResult(out, none);
  }

  /** The bulk response body; the HTTP status is 200 even when items failed, as in Elasticsearch. */
  public byte[] responseJson(long tookMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + items.size() * 160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("took", tookMillis);
      g.writeBooleanField("errors", errors());
      g.writeArrayFieldStart("items");
      long seq = 0;
      for (BulkItem i : items) {
        g.writeStartObject();
        g.writeObjectFieldStart(i.action());
        g.writeStringField("_index", i.index());
        g.writeStringField("_id", i.id());
        if (i.ok()) {
          g.writeNumberField("_version", 1);
          g.writeStringField("result", "created");
          g.writeObjectFieldStart("_shards");
          g.writeNumberField("total", 1);
          g.writeNumberField("successful", 1);
          g.writeNumberField("failed", 0);
          g.writeEndObject();
          g.writeNumberField("_seq_no", seq++);
          g.writeNumberField("_primary_term", 1);
        }
        g.writeNumberField("status", i.status());
        if (!i.ok()) {
          g.writeObjectFieldStart("error");
          g.writeStringField("type", i.errorType());
          g.writeStringField("reason", i.errorReason());
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory output cannot fail
    }
    return out.toByteArray();
  }

  /**
   * The body Elasticsearch sends when it refuses a whole request (a malformed action line):
   * {@code {"error":{"root_cause":[{"type","reason"}],"type","reason"},"status":400}}.
   */
  public static byte[] requestErrorJson(String type, String reason, int status) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeArrayFieldStart("root_cause");
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("reason", reason);
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("type", type);
      g.writeStringField("reason", reason);
      g.writeEndObject();
      g.writeNumberField("status", status);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
