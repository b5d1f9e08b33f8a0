package dev.sightline.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Request bodies of the logs benchmark and the reading of {@code _bulk} responses. */
public final class LogBatches {
  private static final byte[] INDEX_ACTION = "{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8);

  private LogBatches() { }

  /** NDJSON for {@code POST /api/logs}: the lines as they are, each ended by a newline. */
  public static byte[] ndjsonBody(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(lines.size() * 400);
    for (String line : lines) {
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** A {@code _bulk} body: {@code {"index":{}}} before every line (the index comes from the URL). */
  public static byte[] bulkBody(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(lines.size() * 420);
    for (String line : lines) {
      out.writeBytes(INDEX_ACTION);
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /**
   * What a {@code _bulk} response says about each of the {@code sent} items: acknowledged (2xx), to be
   * retried (429, by position in the request), refused for good (any other status).
   */
  public record BulkOutcome(long acked, List<Integer> retry, long refused, String firstError) { }

  /** @throws IllegalArgumentException when the response does not list one item per document sent */
  public static BulkOutcome bulkOutcome(JsonNode response, int sent) {
    JsonNode items = response.path("items");
    if (!items.isArray() || items.size() != sent) {
      throw new IllegalArgumentException("expected " + sent + " items, got " + (items.isArray() ? items.size()
          : "none"));
    }
    if (!response.path("errors").asBoolean(true)) {
      return new BulkOutcome(sent, List.of(), 0, null);
    }
    long acked = 0;
    long refused = 0;
    String first = null;
    List<Integer> retry = new ArrayList<>();
    for (int i = 0; i < sent; i++) {
      JsonNode item = items.get(i).elements().next();
      int status = item.path("status").asInt();
      if (status / 100 == 2) {
        acked++;
      } else if (status == 429) {
        retry.add(i);
      } else {
        refused++;
        if (first == null) {
          first = status + " " + item.path("error");
        }
      }
    }
    return new BulkOutcome(acked, retry, refused, first);
  }
}
