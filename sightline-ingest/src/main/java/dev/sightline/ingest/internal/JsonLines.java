package dev.sightline.ingest.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
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
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got "
          + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return node;
  }

  /**
   * Parses a line as a JSON object and flattens it, with exactly the result (entries and their order)
   * and the errors of {@code JsonFlattener.flatten(object(...))}, but from the token stream, without
   * building a tree: on the NDJSON path the tree cost as much as everything else the decoder does. A
   * key repeated within one object (which zap writes) is the one case where the tree's answer depends
   * on more than the tokens so far (the last value, at the first one's place); such a line is parsed
   * again as a tree.
   *
   * @throws IllegalArgumentException with a reason naming the column when the line is not a JSON object
   */
  public static LinkedHashMap<String, Object> flattenedObject(ObjectMapper mapper, byte[] body, int offset, int length,
                                                              int maxLineBytes) {
    if (length > maxLineBytes) {
      throw new IllegalArgumentException("line is " + length + " bytes, longer than maxLineBytes = " + maxLineBytes);
    }
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = mapper.createParser(body, offset, length)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object, got " + describe(first));
      }
      ObjectReader arrays = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      if (!JsonFlattener.flatten(arrays, p, "", out)) {
        return JsonFlattener.flatten(object(mapper, body, offset, length, maxLineBytes));
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        // as FAIL_ON_TRAILING_TOKENS makes readTree say it, so both paths report a line alike
        return JsonFlattener.flatten(object(mapper, body, offset, length, maxLineBytes));
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    return out;
  }

  /** A line's parse failure as the reason it is rejected, naming the column where Jackson knows it. */
  private static IllegalArgumentException unreadable(IOException e) {
    if (e instanceof JsonProcessingException j) {
      int column = j.getLocation() == null ? -1 : j.getLocation().getColumnNr();
      return new IllegalArgumentException("invalid JSON" + (column > 0 ? " at column " + column : "") + ": "
          + JsonFactories.message(j));
    }
    return new IllegalArgumentException("unreadable JSON: " + e.getMessage());
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
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
