package dev.sightline.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonLines#flattenedObject} (from the token stream) against the tree path it replaced,
 * {@code JsonFlattener.flatten(JsonLines.object(...))}: the same entries in the same order, or the same
 * error, for generated lines and for every hostile shape the decoders' own tests name.
 */
class StreamingFlattenTest {
  private static final IngestLimits LIMITS = IngestLimits.builder().build();
  private static final ObjectMapper MAPPER = JsonFactories.mapper(LIMITS);

  /** The flattened map as an ordered list of entries (order is part of the contract), or the error. */
  private static Object tree(byte[] line) {
    try {
      return List.copyOf(JsonFlattener.flatten(JsonLines.object(MAPPER, line, 0, line.length, LIMITS.maxLineBytes()))
          .entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    } catch (IllegalArgumentException e) {
      return "error: " + e.getMessage();
    }
  }

  private static Object stream(byte[] line) {
    try {
      return List.copyOf(JsonLines.flattenedObject(MAPPER, line, 0, line.length, LIMITS.maxLineBytes())
          .entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    } catch (IllegalArgumentException e) {
      return "error: " + e.getMessage();
    }
  }

  private static void same(String json) {
    byte[] line = json.getBytes(StandardCharsets.UTF_8);
    assertThat(stream(line)).as(json).isEqualTo(tree(line));
  }

  @Test
  void handPickedShapesFlattenAsTheTreeDoes() {
    for (String json : List.of(
        "{}", "{\"a\":1}", "{\"a\":{\"b\":{\"c\":\"x\"}},\"d\":true}", "{\"a\":null,\"b\":{}}",
        "{\"a.b\":1,\"a\":{\"b\":2}}", "{\"a\":{\"b\":2},\"a.b\":1}",
        "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":0,\"a\":null}", "{\"a\":{\"x\":1},\"a\":2}", "{\"a\":1,\"a\":{\"x\":1}}",
        "{\"o\":{\"k\":1,\"k\":2},\"z\":3}",
        "{\"n\":123456789012345678901234567890,\"m\":-9223372036854775808,\"x\":9223372036854775808}",
        "{\"f\":1.5,\"g\":-0.0,\"h\":1e400,\"i\":2E-3}",
        "{\"arr\":[1,\"two\",null,true,2.5],\"nested\":[{\"a\":1}],\"deep\":[[1]],\"empty\":[]}",
        "{\"unicode\":\"東京 \\u00e9 \\ud83d\\ude00\",\"esc\":\"a\\\"b\\\\c\\n\"}",
        // not objects, trailing tokens, broken lines
        "[1,2]", "\"text\"", "42", "true", "null", "{\"a\":1} {\"b\":2}", "{\"a\":1}}", "{\"a\":", "{\"a\":1,}",
        "{a:1}", "{\"a\":tru}", "{\"a\":1", "{\"a\":\"unterminated}")) {
      same(json);
    }
  }

  @Test
  void invalidUtf8AndDeepNestingFailAlike() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(stream(bad)).isEqualTo(tree(bad)).asString().startsWith("error: invalid JSON");
    String deep = "{\"a\":".repeat(LIMITS.maxJsonNestingDepth() + 5) + "1" + "}".repeat(LIMITS.maxJsonNestingDepth() + 5);
    same(deep);
    String deepArray = "{\"a\":" + "[".repeat(LIMITS.maxJsonNestingDepth() + 5) + "]".repeat(LIMITS.maxJsonNestingDepth() + 5) + "}";
    same(deepArray);
  }

  @Test
  void randomObjectsFlattenAsTheTreeDoes() {
    Random random = new Random(5);
    for (int i = 0; i < 3_000; i++) {
      same(object(random, 0));
    }
  }

  private static final String[] KEYS = {"a", "b", "a.b", "level", "msg", "x", "b.c", ""};

  private static String object(Random r, int depth) {
    StringBuilder sb = new StringBuilder("{");
    int n = r.nextInt(depth == 0 ? 7 : 4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(KEYS[r.nextInt(KEYS.length)]).append("\":").append(value(r, depth + 1));
    }
    return sb.append('}').toString();
  }

  private static String value(Random r, int depth) {
    return switch (r.nextInt(depth < 4 ? 10 : 8)) {
      case 0 -> "null";
      case 1 -> Boolean.toString(r.nextBoolean());
      case 2 -> Long.toString(r.nextLong() >> r.nextInt(64));
      case 3 -> Double.toString(r.nextGaussian() * 1e3);
      case 4 -> "\"s" + r.nextInt(100) + "\"";
      case 5 -> "12345678901234567890123";
      case 6, 7 -> {
        List<String> items = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) {
          items.add(depth < 4 && r.nextInt(4) == 0 ? object(r, depth + 1) : value(r, 5));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> object(r, depth);
    };
  }
}
