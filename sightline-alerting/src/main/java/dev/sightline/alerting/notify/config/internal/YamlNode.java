package dev.sightline.alerting.notify.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sightline.alerting.notify.config.NotifyConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree that remembers the line of every node, so that configuration errors can say
 * {@code file:line}. Jackson's tree model drops locations; its streaming parser keeps them.
 */
public sealed interface YamlNode {
  int line();

  record Scalar(String text, boolean isNull, int line) implements YamlNode {}

  record Seq(List<YamlNode> items, int line) implements YamlNode {}

  /** Keys in document order; {@code keyLines} gives the line of each key. */
  record MapNode(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {}

  /** Limits that keep hostile input (deep nesting, huge documents) from exhausting the process. */
  int MAX_DEPTH = 64;
  int MAX_CHARS = 4 * 1024 * 1024;

  static YamlNode parse(String text, String file) {
    if (text.length() > MAX_CHARS) {
      throw new NotifyConfigException(file, 1, "configuration is " + text.length() + " characters, more than the limit of " + MAX_CHARS);
    }
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new MapNode(Map.of(), Map.of(), 1);
      }
      YamlNode root = read(p, t, file, 0);
      if (p.nextToken() != null) {
        throw new NotifyConfigException(file, line(p), "more than one YAML document");
      }
      return root;
    } catch (IOException e) {
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getLocation().getLineNr() : 0;
      String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new NotifyConfigException(file, line, "invalid YAML: " + firstLine(msg));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static YamlNode read(JsonParser p, JsonToken t, String file, int depth) throws IOException {
    int line = line(p);
    if (depth > MAX_DEPTH) {
      throw new NotifyConfigException(file, line, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, YamlNode> m = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          if (k == null) {
            throw new NotifyConfigException(file, line, "truncated mapping");
          }
          String key = p.currentName();
          int keyLine = line(p);
          if (m.containsKey(key)) {
            throw new NotifyConfigException(file, keyLine, "duplicate key \"" + key + "\"");
          }
          m.put(key, read(p, p.nextToken(), file, depth + 1));
          lines.put(key, keyLine);
        }
        return new MapNode(m, lines, line);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
          if (k == null) {
            throw new NotifyConfigException(file, line, "truncated sequence");
          }
          items.add(read(p, k, file, depth + 1));
        }
        return new Seq(items, line);
      }
      case VALUE_NULL -> {
        return new Scalar("", true, line);
      }
      default -> {
        return new Scalar(p.getText(), false, line);
      }
    }
  }
}
