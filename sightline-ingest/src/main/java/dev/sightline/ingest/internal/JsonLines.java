package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * Splits a newline-delimited body into lines (LF or CRLF; blank lines skipped) and parses each as one
 * JSON object, so that a bad line costs only itself. Invalid UTF-8 is a parse error for its line: the
 * line is rejected with the reason rather than silently altered by replacement characters.
 */
public final class JsonLines {
  /** Receives each line; {@code lineNumber} is 1-based. */
  public interface Visitor {
    void line(int lineNumber, byte[] body, int offset, int length);
  }

  private JsonLines() {}

  public static void forEach(byte[] body, Visitor visitor) {
    int line = 0;
    int start = 0;
    while (start <= body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      line++;
      int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!isBlank(body, start, stop)) {
        visitor.line(line, body, start, stop - start);
      }
      if (end >= body.length) {
        break;
      }
      start = end + 1;
    }
  }

  /**
   * Parses a line as a JSON object.
   *
   * @throws IllegalArgumentException with a reason naming the column when the line is not a JSON object
   */
  public static JsonNode object(ObjectMapper mapper, byte[] body, int offset, int length, int maxLineBytes) {
    if (length > maxLineBytes) {
      throw new IllegalArgumentException("line is " + length + " bytes, longer than maxLineBytes = " + maxLineBytes);
    }
    JsonNode node;
    try {
      node = mapper.readTree(body, offset, length);
    } catch (JsonProcessingException e) {
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw new IllegalArgumentException("invalid JSON" + (column > 0 ? " at column " + column : "") + ": "
          + JsonFactories.message(e));
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got "
          + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return node;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
