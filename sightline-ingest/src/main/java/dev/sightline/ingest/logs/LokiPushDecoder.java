package dev.sightline.ingest.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.DecodeStats;
import dev.sightline.ingest.internal.JsonFactories;
import dev.sightline.ingest.internal.JsonFlattener;
import dev.sightline.ingest.internal.LogRecordAssembler;
import dev.sightline.ingest.internal.RecordChecks;
import dev.sightline.ingest.internal.SnappyBlocks;
import dev.sightline.ingest.logs.proto.Entry;
import dev.sightline.ingest.logs.proto.LabelPair;
import dev.sightline.ingest.logs.proto.PushRequest;
import dev.sightline.ingest.logs.proto.Stream;
import dev.sightline.model.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes Loki's JSON push body ({@code POST /loki/api/v1/push}, {@code Content-Type: application/json}):
 * {@code {"streams":[{"stream":{labels},"values":[["<ns>","line"],["<ns>","line",{metadata}]]}]}}.
 *
 * <p>Stream labels and structured metadata become attributes; the service is taken from the labels
 * {@code service_name}, {@code service}, {@code job} or {@code app}, in that order ({@code service_name}
 * and {@code service} move to the resource, {@code job} and {@code app} also stay attributes). A line
 * that is itself a JSON object is flattened like an NDJSON record (its fields win over labels, and its
 * message field becomes the body); any other line is the body as it is. The entry's timestamp is the
 * record's time. An entry with a bad timestamp or an over-long line is rejected alone; a body not of
 * this shape throws {@link InvalidPayloadException}. {@link #decodeProtobuf} takes the protobuf+snappy
 * form of the same request. Thread-safe.
 */
public final class LokiPushDecoder {
  private static final List<String> SERVICE_LABELS = List.of("service_name", "service", "job", "app");

  private final IngestLimits limits;
  private final RecordChecks checks;
  private final Clock clock;
  private final ObjectMapper mapper;

  private LokiPushDecoder(IngestLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checks = new RecordChecks(limits, clock);
    this.mapper = JsonFactories.mapper(limits);
  }

  public static LokiPushDecoder create(IngestLimits limits, Clock clock) {
    return new LokiPushDecoder(limits, clock);
  }

  /** Decodes a JSON push body (already decompressed). */
  public DecodeResult<LogRecord> decode(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw JsonFactories.invalid("Loki push JSON", e);
    } catch (IOException e) {
      throw new InvalidPayloadException("unreadable Loki push JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidPayloadException("empty body: expected a Loki push object {\"streams\":[...]}");
    }
    JsonNode streams = root.isObject() ? root.get("streams") : null;
    if (streams == null || !streams.isArray()) {
      throw new InvalidPayloadException("expected a Loki push object with a \"streams\" array");
    }
    DecodeStats<LogRecord> stats = new DecodeStats<>("log entries");
    LogRecordAssembler assembler = new LogRecordAssembler(limits, checks, clock, stats);
    for (int s = 0; s < streams.size(); s++) {
      String where = "streams[" + s + "]";
      JsonNode stream = streams.get(s);
      if (!stream.isObject()) {
        throw new InvalidPayloadException(where + ": expected an object");
      }
      Map<String, String> labels = stringMap(stream.get("stream"), where + ".stream");
      String service = service(labels);
      JsonNode values = stream.get("values");
      if (values == null || !values.isArray()) {
        throw new InvalidPayloadException(where + ".values: expected an array of [timestamp, line] entries");
      }
      for (int v = 0; v < values.size(); v++) {
        String at = where + ".values[" + v + "]";
        JsonNode entry = values.get(v);
        if (!entry.isArray() || entry.size() < 2 || entry.size() > 3 || !entry.get(1).isTextual()) {
          throw new InvalidPayloadException(at + ": expected [\"<unix ns>\", \"<line>\"] or "
              + "[\"<unix ns>\", \"<line>\", {metadata}]");
        }
        Map<String, String> metadata = entry.size() == 3 ? stringMap(entry.get(2), at + "[2]") : Map.of();
        try {
          stats.accept(entry(timestamp(entry.get(0)), entry.get(1).textValue(), labels, metadata, service,
              assembler));
        } catch (IllegalArgumentException e) {
          stats.reject(at + ": " + e.getMessage());
        }
      }
    }
    return stats.result();
  }

  /**
   * Decodes a protobuf push body as Promtail, Grafana Alloy and the Loki Docker driver send it by default
   * ({@code Content-Type: application/x-protobuf}): snappy block-compressed {@code PushRequest}, stream
   * labels in selector syntax ({@code {job="varlogs"}}), entries with a timestamp, a line and structured
   * metadata. Entries map to records exactly as in the JSON form.
   */
  public DecodeResult<LogRecord> decodeProtobuf(byte[] snappyBody) {
    byte[] raw = SnappyBlocks.uncompress(snappyBody, limits.maxDecompressedBytes(), "maxDecompressedBytes",
        "Loki's protobuf push");
    PushRequest request;
    try {
      request = PushRequest.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException("malformed Loki protobuf PushRequest: " + e.getMessage(), e);
    }
    DecodeStats<LogRecord> stats = new DecodeStats<>("log entries");
    LogRecordAssembler assembler = new LogRecordAssembler(limits, checks, clock, stats);
    for (int s = 0; s < request.getStreamsCount(); s++) {
      String where = "streams[" + s + "]";
      Stream stream = request.getStreams(s);
      Map<String, String> labels = LokiLabels.parse(stream.getLabels(), where);
      String service = service(labels);
      for (int e = 0; e < stream.getEntriesCount(); e++) {
        Entry entry = stream.getEntries(e);
        String at = where + ".entries[" + e + "]";
        Map<String, String> metadata = new LinkedHashMap<>();
        for (LabelPair pair : entry.getStructuredMetadataList()) {
          metadata.put(pair.getName(), pair.getValue());
        }
        try {
          if (!entry.hasTimestamp()) {
            throw new IllegalArgumentException("timestamp: missing");
          }
          long nanos = Math.addExact(Math.multiplyExact(entry.getTimestamp().getSeconds(), 1_000_000_000L),
              entry.getTimestamp().getNanos());
          stats.accept(entry(nanos, entry.getLine(), labels, metadata, service, assembler));
        } catch (ArithmeticException overflow) {
          stats.reject(at + ": timestamp: " + entry.getTimestamp().getSeconds() + " s is out of range");
        } catch (IllegalArgumentException bad) {
          stats.reject(at + ": " + bad.getMessage());
        }
      }
    }
    return stats.result();
  }

  private static String service(Map<String, String> labels) {
    for (String key : SERVICE_LABELS) {
      String v = labels.get(key);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  private LogRecord entry(long nanos, String line, Map<String, String> labels, Map<String, String> metadata,
                          String service, LogRecordAssembler assembler) {
    int bytes = line.length() > limits.maxLineBytes() / 3 ? line.getBytes(StandardCharsets.UTF_8).length : 0;
    if (bytes > limits.maxLineBytes()) {
      throw new IllegalArgumentException("line is " + bytes + " bytes, longer than maxLineBytes = "
          + limits.maxLineBytes());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    labels.forEach((k, v) -> {
      if (!k.equals("service_name") && !k.equals("service")) {
        fields.put(k, v);
      }
    });
    fields.putAll(metadata);
    JsonNode json = jsonLine(line);
    if (json != null) {
      LinkedHashMap<String, Object> parsed = JsonFlattener.flatten(json);
      parsed.keySet().forEach(fields::remove); // the line's own fields win, in the line's order
      fields.putAll(parsed);
    }
    // A JSON line's message field becomes the body; without one, the whole line is the body.
    return assembler.assemble(fields, nanos, service, line);
  }

  /** The line as a JSON object, or null when it is plain text (or JSON that is not an object). */
  private JsonNode jsonLine(String line) {
    String t = line.strip();
    if (!t.startsWith("{") || !t.endsWith("}")) {
      return null;
    }
    try {
      JsonNode n = mapper.readTree(t);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null; // looked like JSON but is not: keep it as text, as Loki would
    }
  }

  private static long timestamp(JsonNode ts) {
    String text = ts.isTextual() ? ts.textValue().trim() : ts.isIntegralNumber() ? ts.asText() : null;
    if (text == null) {
      throw new IllegalArgumentException("timestamp: expected a string of Unix epoch nanoseconds, got "
          + ts.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("timestamp: '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
          + "' is not Unix epoch nanoseconds");
    }
  }

  private static Map<String, String> stringMap(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidPayloadException(where + ": expected an object of string labels");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new InvalidPayloadException(where + "." + e.getKey() + ": expected a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
