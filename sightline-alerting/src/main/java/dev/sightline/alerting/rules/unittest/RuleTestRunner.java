package dev.sightline.alerting.rules.unittest;

import dev.sightline.alerting.rules.RuleError;
import dev.sightline.alerting.rules.RuleFileException;
import dev.sightline.alerting.rules.RuleFileParser;
import dev.sightline.alerting.rules.RuleGroupConfig;
import dev.sightline.alerting.rules.internal.PromDuration;
import dev.sightline.alerting.rules.internal.YamlNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Runs rule unit tests in promtool's format ({@code promtool test rules}): for each test group, a fresh
 * TSDB is loaded with the input series, the rule files are evaluated every {@code evaluation_interval}
 * with a {@link dev.sightline.alerting.rules.RuleEngine}, firing alerts are compared at each
 * {@code alert_rule_test} time and {@code promql_expr_test} expressions are queried at theirs.
 *
 * <pre>{@code
 * RuleTestResult r = RuleTestRunner.builder().build().run(List.of(Path.of("tests.yml")));
 * System.out.print(r.output());  System.exit(r.exitCode());
 * }</pre>
 */
public final class RuleTestRunner {
  private static final Set<String> FILE_KEYS = Set.of("rule_files", "evaluation_interval", "group_eval_order",
      "tests", "fuzzy_compare");
  private static final Set<String> TEST_KEYS = Set.of("name", "interval", "input_series", "alert_rule_test",
      "promql_expr_test", "external_labels", "external_url", "start_timestamp");

  private final List<Pattern> run;
  private final boolean skipNativeHistograms;
  private final Path workDir;

  private RuleTestRunner(Builder b) {
    this.run = b.run;
    this.skipNativeHistograms = b.skipNativeHistograms;
    this.workDir = b.workDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RuleTestResult run(List<Path> files) {
    List<RuleTestResult.FileResult> out = new ArrayList<>();
    for (Path f : files) {
      List<String> skipped = new ArrayList<>();
      List<String> errors = runFile(f, skipped);
      out.add(new RuleTestResult.FileResult(f.toString(), errors, skipped));
    }
    return new RuleTestResult(out);
  }

  private List<String> runFile(Path file, List<String> skipped) {
    Map<String, Object> doc;
    try {
      if (Files.size(file) > RuleFileParser.MAX_FILE_BYTES) {
        return List.of(file + ": file is larger than " + RuleFileParser.MAX_FILE_BYTES + " bytes");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<Node> docs = YamlNodes.compose(text);
      Object loaded = docs.isEmpty() ? null : plain(docs.get(0));
      doc = loaded == null ? Map.of() : asMap(loaded, "test file");
      unknown(doc, FILE_KEYS, "unitTestFile");
    } catch (IOException e) {
      return List.of(e.toString());
    } catch (YamlNodes.SyntaxError e) {
      return List.of(file + ":" + e.line + ":" + e.column + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return List.of(String.valueOf(e.getMessage()));
    }
    try {
      Duration evalInterval = duration(doc.get("evaluation_interval"), Duration.ofMinutes(1));
      boolean fuzzy = "true".equals(doc.get("fuzzy_compare"));
      List<String> order = strings(doc.get("group_eval_order"));
      Map<String, Integer> orderMap = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        if (orderMap.putIfAbsent(order.get(i), i) != null) {
          return List.of("group name repeated in evaluation order: " + order.get(i));
        }
      }
      List<RuleGroupConfig> groups = loadRules(file, strings(doc.get("rule_files")));
      if (!orderMap.isEmpty()) {
        for (RuleGroupConfig g : groups) {
          if (!orderMap.containsKey(g.name())) {
            return List.of("group \"" + g.name() + "\" is missing from group_eval_order");
          }
        }
        groups = groups.stream().sorted(java.util.Comparator.comparing(g -> orderMap.get(g.name()))).toList();
      }
      List<String> errors = new ArrayList<>();
      List<Object> tests = doc.get("tests") instanceof List<?> l ? new ArrayList<>(l) : List.of();
      for (int i = 0; i < tests.size(); i++) {
        Map<String, Object> t = tests.get(i) == null ? Map.of() : asMap(tests.get(i), "test group");
        unknown(t, TEST_KEYS, "testGroup");
        String name = t.get("name") == null ? "" : String.valueOf(t.get("name"));
        if (!run.isEmpty() && run.stream().noneMatch(p -> p.matcher(name).find())) {
          continue;
        }
        TestGroup tg = TestGroup.parse(t, evalInterval, fuzzy, skipNativeHistograms, skipped,
            name.isEmpty() ? "unnamed#" + i : name);
        errors.addAll(tg.run(groups, workDir));
      }
      return errors;
    } catch (RuleFileException e) {
      return e.errors().stream().map(RuleError::toString).toList();
    } catch (IOException | RuntimeException | SeriesNotation.NotationException e) {
      return List.of(String.valueOf(e.getMessage()));
    }
  }

  private static List<RuleGroupConfig> loadRules(Path testFile, List<String> patterns)
      throws IOException, RuleFileException {
    Path base = testFile.toAbsolutePath().getParent();
    RuleFileParser parser = RuleFileParser.builder().build();
    List<RuleGroupConfig> out = new ArrayList<>();
    for (String p : patterns) {
      for (Path f : glob(base, p)) {
        out.addAll(parser.parse(f).groups());
      }
    }
    return out;
  }

  static List<Path> glob(Path base, String pattern) throws IOException {
    Path p = base.resolve(pattern);
    if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
      if (!Files.exists(p)) {
        throw new IOException("open " + p + ": no such file or directory");
      }
      return List.of(p);
    }
    Path dir = p.getParent();
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(x -> m.matches(x.getFileName())).sorted().toList();
    }
  }

  /**
   * Nodes to maps, lists and strings. Every scalar stays a string, as promtool's Go structs read them:
   * YAML 1.1 would otherwise turn {@code values: 0x10} into the number 16.
   */
  private static Object plain(Node n) {
    if (YamlNodes.isNull(n)) {
      return null;
    }
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    if (n instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      seq.getValue().forEach(x -> out.add(plain(x)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    YamlNodes.entries(n).forEach((k, t) -> out.put(k, plain(t.getValueNode())));
    return out;
  }

  static Map<String, Object> asMap(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    throw new IllegalArgumentException(what + " must be a mapping, got: " + o);
  }

  static void unknown(Map<String, Object> m, Set<String> known, String type) {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("yaml: unmarshal errors:\n  field " + k + " not found in type main." + type);
      }
    }
  }

  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    } else if (o != null) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  static Duration duration(Object o, Duration dflt) {
    if (o == null) {
      return dflt;
    }
    Duration d = PromDuration.parse(String.valueOf(o));
    return d.isZero() ? dflt : d;
  }

  static Instant startTime(Object o) {
    if (o == null) {
      return Instant.EPOCH;
    }
    if (o instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    if (o instanceof java.util.Date d) {
      return d.toInstant();
    }
    String s = String.valueOf(o);
    if (s.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    return OffsetDateTime.parse(s).toInstant();
  }

  /** Options, as promtool's flags. */
  public static final class Builder {
    private List<Pattern> run = List.of();
    private boolean skipNativeHistograms;
    private Path workDir;

    /** {@code --run}: only test groups whose name matches one of these regular expressions. */
    public Builder run(List<String> regexes) {
      this.run = regexes.stream().map(Pattern::compile).toList();
      return this;
    }

    /**
     * Skip (and report as skipped) input series and expectations in native histogram notation, which
     * Sightline's float-only TSDB cannot hold, instead of failing the file.
     */
    public Builder skipNativeHistograms(boolean skip) {
      this.skipNativeHistograms = skip;
      return this;
    }

    /** Where each test group's temporary TSDB goes (default: the system temp dir). */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    public RuleTestRunner build() {
      return new RuleTestRunner(this);
    }
  }
}
