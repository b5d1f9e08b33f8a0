package dev.sightline.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads {@link SightlineConfig}: defaults, then the YAML file, then {@code SIGHTLINE_*} environment
 * variables, then {@code --set key=value} flags, each overriding the one before.
 *
 * <p>An environment variable names a key by its path in upper case with dots as underscores:
 * {@code server.http_port} is {@code SIGHTLINE_SERVER_HTTP_PORT}. Values of variables and flags are
 * read as YAML, so {@code 7071}, {@code 5m} and {@code [a.yml, b.yml]} all mean what they look like.
 * Unknown keys and values of the wrong type are rejected with the key's path (and file:line:column
 * for the file), so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
  /** Variables the launcher reads itself; never configuration keys. */
  private static final Set<String> LAUNCHER_VARIABLES = Set.of("SIGHTLINE_JAVA_OPTS", "SIGHTLINE_HOME",
      "SIGHTLINE_CONFIG", "SIGHTLINE_JAVA");

  private static final ObjectMapper MAPPER = newMapper();

  private final List<String> warnings = new ArrayList<>();

  /** The loaded configuration and anything worth telling the user that did not stop start-up. */
  public record Loaded(SightlineConfig config, List<String> warnings) {}

  private ConfigLoader() {}

  /**
   * @param file a YAML file, or null for none
   * @param env environment variables (only {@code SIGHTLINE_*} are read)
   * @param sets {@code key=value} overrides from the command line
   */
  public static Loaded load(Path file, Map<String, String> env, List<String> sets) throws ConfigException {
    return new ConfigLoader().doLoad(file, env, sets);
  }

  public static SightlineConfig defaults() {
    return SightlineConfig.defaults();
  }

  /** The configuration as YAML, as it would be written in sightline.yaml. */
  public static String toYaml(SightlineConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Loaded doLoad(Path file, Map<String, String> env, List<String> sets) throws ConfigException {
    ObjectNode tree = MAPPER.valueToTree(SightlineConfig.defaults());
    Map<String, String> leafKeys = new TreeMap<>();
    collectLeaves(tree, "", leafKeys);
    List<String> problems = new ArrayList<>();

    if (file != null) {
      String text;
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new ConfigException(List.of(file + ": no such file"));
      } catch (IOException e) {
        throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
      }
      // Bind the file alone first: that pass keeps line numbers for unknown keys and bad values.
      try {
        if (text.isBlank()) {
          text = "{}";
        }
        // Missing keys take defaults later, so this pass tolerates absent primitives.
        MAPPER.readerFor(SightlineConfig.class)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(text);
        JsonNode fileTree = MAPPER.readTree(text);
        if (fileTree != null && !fileTree.isMissingNode() && !fileTree.isNull()) {
          if (!fileTree.isObject()) {
            throw new ConfigException(List.of(file + ": expected a mapping of sections (server:, storage:, ...)"));
          }
          merge(tree, (ObjectNode) fileTree);
        }
      } catch (JsonProcessingException e) {
        throw new ConfigException(List.of(describe(e, file.toString(), text)));
      }
    }

    env.forEach((name, value) -> {
      if (!name.startsWith("SIGHTLINE_") || LAUNCHER_VARIABLES.contains(name)) {
        return;
      }
      String wanted = name.substring("SIGHTLINE_".length());
      String key = leafKeys.keySet().stream()
          .filter(k -> k.replace('.', '_').toUpperCase(Locale.ROOT).equals(wanted))
          .findFirst().orElse(null);
      if (key == null) {
        warnings.add("environment variable " + name + " names no configuration key; ignored");
      } else {
        set(tree, key, value, "environment variable " + name, problems);
      }
    });

    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        problems.add("--set " + s + ": expected key=value, such as --set server.http_port=7071");
        continue;
      }
      set(tree, s.substring(0, eq).trim(), s.substring(eq + 1), "--set " + s.substring(0, eq).trim(), problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }

    SightlineConfig config;
    try {
      config = MAPPER.treeToValue(tree, SightlineConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(describe(e, "override", null)));
    }
    List<String> invalid = config.problems();
    if (!invalid.isEmpty()) {
      throw new ConfigException(invalid);
    }
    return new Loaded(config, List.copyOf(warnings));
  }

  private static void set(ObjectNode tree, String key, String rawValue, String source, List<String> problems) {
    String[] parts = key.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null) {
        child = node.putObject(parts[i]);
      }
      if (!child.isObject()) {
        problems.add(source + ": '" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
            + "' is a value, not a section");
        return;
      }
      node = (ObjectNode) child;
    }
    try {
      JsonNode value = MAPPER.readTree(rawValue.isEmpty() ? "\"\"" : rawValue);
      node.set(parts[parts.length - 1], value == null || value.isMissingNode() ? MAPPER.nullNode() : value);
    } catch (JsonProcessingException e) {
      problems.add(source + ": value is not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode fo) {
        merge(eo, fo);
      } else if (!e.getValue().isNull()) {
        into.set(e.getKey(), e.getValue());
      }
    });
  }

  private static void collectLeaves(JsonNode node, String prefix, Map<String, String> out) {
    node.fields().forEachRemaining(e -> {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        collectLeaves(e.getValue(), key, out);
      } else {
        out.put(key, e.getValue().asText());
      }
    });
  }

  static String describe(JsonProcessingException e, String source, String text) {
    String where = source;
    JsonLocation loc = e.getLocation();
    String path = e instanceof JsonMappingException m ? path(m) : "";
    int keyLine = text == null || path.isEmpty() ? -1 : lineOfKey(text, path);
    if (keyLine > 0) {
      where = source + ":" + keyLine + ":";
    } else if (loc != null && loc.getLineNr() > 0) {
      where = source + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }
    if (e instanceof JsonMappingException m) {
      if (m instanceof UnrecognizedPropertyException u) {
        List<String> known = new ArrayList<>();
        if (u.getKnownPropertyIds() != null) {
          u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
          known.sort(null);
        }
        return where + ": unknown key '" + path + "'" + (known.isEmpty() ? "" : "; expected one of " + known);
      }
      if (m instanceof InvalidFormatException f) {
        return where + ": " + path + ": expected " + typeName(f.getTargetType()) + ", got '" + f.getValue() + "'";
      }
      if (m instanceof ValueInstantiationException v && v.getCause() != null) {
        return where + ": " + path + ": " + v.getCause().getMessage();
      }
      if (m instanceof MismatchedInputException mi && mi.getTargetType() != null
          && (mi.getTargetType().isPrimitive() || Number.class.isAssignableFrom(mi.getTargetType()))) {
        String got = keyLine > 0 ? valueOnLine(text, keyLine) : null;
        return where + ": " + path + ": expected " + typeName(mi.getTargetType())
            + (got == null ? "" : ", got '" + got + "'");
      }
      if (m.getCause() instanceof IllegalArgumentException iae) {
        return where + ": " + path + ": " + iae.getMessage();
      }
      return where + ": " + (path.isEmpty() ? "" : path + ": ") + m.getOriginalMessage();
    }
    return where + ": not valid YAML: " + e.getOriginalMessage();
  }

  /** The 1-based line of a dotted key in YAML text, following the nesting; -1 when not found. */
  static int lineOfKey(String text, String path) {
    String[] parts = path.replaceAll("\\[\\d+]", "").split("\\.");
    String[] lines = text.split("\n", -1);
    int part = 0;
    for (int i = 0; i < lines.length && part < parts.length; i++) {
      String t = lines[i].stripLeading();
      if (t.startsWith("- ")) {
        t = t.substring(2).stripLeading();
      }
      if (t.startsWith(parts[part] + ":") || t.startsWith(parts[part] + " :")) {
        part++;
        if (part == parts.length) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  private static String valueOnLine(String text, int line) {
    String l = text.split("\n", -1)[line - 1];
    int colon = l.indexOf(':');
    String v = colon < 0 ? "" : l.substring(colon + 1).trim();
    return v.isEmpty() ? null : v;
  }

  private static String path(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return "a " + type.getSimpleName();
  }

  private static ObjectMapper newMapper() {
    SimpleModule module = new SimpleModule("sightline-config");
    module.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken().isNumeric()) {
          return Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
        }
        try {
          return DurationText.parse(p.getValueAsString());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    });
    module.addSerializer(Duration.class, new JsonSerializer<>() {
      @Override
      public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeString(DurationText.format(value));
      }
    });
    module.addSerializer(Path.class, new JsonSerializer<>() {
      @Override
      public void serialize(Path value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeString(value.toString());
      }
    });
    module.addDeserializer(Path.class, new JsonDeserializer<>() {
      @Override
      public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return Path.of(p.getValueAsString());
      }
    });
    return YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(module)
        .build();
  }
}
