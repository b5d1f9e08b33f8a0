package dev.sightline.ingest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.JsonFactories;
import dev.sightline.ingest.internal.JsonLines;
import dev.sightline.ingest.internal.LogRecordAssembler;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.model.LogRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decodes an Elasticsearch {@code _bulk} body (NDJSON: an action/metadata line, then a source line for
 * {@code index}, {@code create} and {@code update}) as Filebeat, Fluent Bit's {@code es} output and
 * Vector's {@code elasticsearch} sink send it. Each source document is normalised like an NDJSON log
 * line (see {@link NdjsonLogDecoder}).
 *
 * <p>Sightline's log store is append-only: {@code update} and {@code delete} are answered with a 400
 * item error and do not fail the request. A document that cannot be parsed or has an implausible time
 * fails only its item ({@code document_parsing_exception}). A malformed action line throws
 * {@link InvalidPayloadException}, because the pairing of the lines after it is lost; Elasticsearch
 * also refuses the whole request then. Metadata other than {@code _index} and {@code _id}
 * ({@code _type}, {@code pipeline}, {@code routing}, ...) is ignored. Thread-safe.
 */
public final class ElasticBulkDecoder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final Clock clock;
  private final ObjectMapper mapper;
  private final Supplier<String> ids;

  private ElasticBulkDecoder(IngestLimits limits, Clock clock, Supplier<String> ids) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checks = new RecordChecks(limits, clock);
    this.mapper = JsonFactories.mapper(limits);
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  public static ElasticBulkDecoder create(IngestLimits limits, Clock clock) {
    return new ElasticBulkDecoder(limits, clock, ElasticBulkDecoder::randomId);
  }

  /** For tests: document ids from {@code ids} instead of random ones. */
  static ElasticBulkDecoder create(IngestLimits limits, Clock clock, Supplier<String> ids) {
    return new ElasticBulkDecoder(limits, clock, ids);
  }

  /**
   * Decodes a bulk body (already decompressed).
   *
   * @param urlIndex the index of {@code POST /{index}/_bulk}, or null/empty for {@code POST /_bulk}
   */
  public ElasticBulkResult decode(byte[] body, String urlIndex) {
    String defaultIndex = urlIndex == null ? "" : urlIndex;
    List<int[]> lines = new ArrayList<>();
    JsonLines.forEach(body, (n, b, off, len) -> lines.add(new int[] {n, off, len}));
    if (lines.isEmpty()) {
      throw new InvalidPayloadException("request body is required (an empty _bulk request)");
    }
    DecodeStats<LogRecord> stats = new DecodeStats<>("documents");
    LogRecordAssembler assembler = new LogRecordAssembler(limits, checks, clock, stats);
    List<BulkItem> items = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int[] line = lines.get(i);
      Action action = action(body, line);
      String index = action.index.isEmpty() ? defaultIndex : action.index;
      String id = action.id.isEmpty() ? ids.get() : action.id;
      boolean hasSource = !action.name.equals("delete");
      int[] source = null;
      if (hasSource) {
        if (i + 1 >= lines.size()) {
          throw new InvalidPayloadException("line " + line[0] + ": '" + action.name
              + "' action has no source line after it");
        }
        source = lines.get(++i);
      }
      if (action.name.equals("update") || action.name.equals("delete")) {
        stats.reject("line " + line[0] + ": '" + action.name + "' is not supported");
        items.add(BulkItem.failed(action.name, index, id, 400, "illegal_argument_exception",
            "Sightline's log store is append-only; '" + action.name + "' is not supported"));
        continue;
      }
      if (index.isEmpty()) {
        stats.reject("line " + line[0] + ": index is missing");
        items.add(BulkItem.failed(action.name, index, id, 400, "action_request_validation_exception",
            "Validation Failed: 1: index is missing;"));
        continue;
      }
      try {
        var fields = JsonLines.flattenedObject(mapper, body, source[1], source[2], limits.maxLineBytes());
        LogRecord record = assembler.assemble(fields, 0, "", "");
        stats.accept(record);
        items.add(BulkItem.created(action.name, index, id, record));
      } catch (IllegalArgumentException e) {
        stats.reject("line " + source[0] + ": " + e.getMessage());
        items.add(BulkItem.failed(action.name, index, id, 400, "document_parsing_exception",
            "[" + source[0] + "] failed to parse: " + e.getMessage()));
      }
    }
    return new ElasticBulkResult(items, stats.result());
  }

  private record Action(String name, String index, String id) {}

  private Action action(byte[] body, int[] line) {
    JsonNode node;
    try {
      node = JsonLines.object(mapper, body, line[1], line[2], limits.maxLineBytes());
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException("Malformed action/metadata line [" + line[0] + "]: " + e.getMessage());
    }
    if (node.size() != 1) {
      throw new InvalidPayloadException("Malformed action/metadata line [" + line[0]
          + "]: expected exactly one action, found " + node.size() + " fields");
    }
    Map.Entry<String, JsonNode> e = node.properties().iterator().next();
    String name = e.getKey();
    if (!List.of("index", "create", "update", "delete").contains(name)) {
      throw new InvalidPayloadException("Malformed action/metadata line [" + line[0]
          + "], expected one of [create, delete, index, update] but found [" + abbreviate(name) + "]");
    }
    JsonNode meta = e.getValue();
    if (!meta.isObject()) {
      throw new InvalidPayloadException("Malformed action/metadata line [" + line[0]
          + "]: the '" + name + "' metadata must be an object");
    }
    return new Action(name, metaText(meta, "_index", line[0]), metaText(meta, "_id", line[0]));
  }

  private static String metaText(JsonNode meta, String field, int line) {
    JsonNode v = meta.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new InvalidPayloadException("Malformed action/metadata line [" + line + "]: " + field
          + " must be a string");
    }
    return v.asText();
  }

  private static String randomId() {
    byte[] b = new byte[15];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
