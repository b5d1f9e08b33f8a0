package dev.sightline.alerting.rules;

import dev.sightline.alerting.rules.internal.PromDuration;
import dev.sightline.alerting.rules.internal.YamlNodes;
import dev.sightline.alerting.rules.template.AlertTemplate;
import dev.sightline.alerting.rules.template.TemplateException;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads Prometheus rule files (rulefmt) and validates them as Prometheus 3 does, reporting every problem
 * with file, line, column, group and rule: unknown fields, both or neither of {@code record}/{@code alert},
 * missing {@code expr}, expressions that do not parse (with the PromQL position), invalid recording rule
 * names, invalid label and annotation names, recording rules with {@code for}/{@code keep_firing_for}/
 * {@code annotations}, templates that do not parse, repeated group names, bad durations.
 *
 * <pre>{@code
 * RuleFile f = RuleFileParser.builder().build().parse(Path.of("rules.yml"));   // throws RuleFileException
 * }</pre>
 */
public final class RuleFileParser {
  /** Largest rule file read; beyond it the file is refused rather than parsed. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final Set<String> FILE_KEYS = Set.of("groups");
  private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
  private static final Set<String> RULE_KEYS =
      Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private final NameValidation names;
  private final PromqlEngine validator;

  private RuleFileParser(Builder b) {
    this.names = b.names;
    this.validator = b.validator != null ? b.validator : PromqlEngine.builder(NoData.QUERIER).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads and validates one file. */
  public RuleFile parse(Path file) throws IOException, RuleFileException {
    String name = file.toString();
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new RuleFileException(List.of(new RuleError(name, 0, 0, "", 0, "",
          "file is larger than " + MAX_FILE_BYTES + " bytes")));
    }
    return parse(name, Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses and validates rule file text; {@code file} is used in error messages. */
  public RuleFile parse(String file, String yaml) throws RuleFileException {
    List<RuleError> errors = new ArrayList<>();
    RuleFile f = parse(file, yaml, errors);
    if (!errors.isEmpty()) {
      throw new RuleFileException(errors);
    }
    return f;
  }

  /** Parses and validates, collecting problems into {@code errors} instead of throwing. */
  public RuleFile parse(String file, String yaml, List<RuleError> errors) {
    List<Node> docs;
    try {
      docs = YamlNodes.compose(yaml);
    } catch (YamlNodes.SyntaxError e) {
      errors.add(new RuleError(file, e.line, e.column, "", 0, "", e.getMessage()));
      return new RuleFile(file, List.of());
    }
    // Like Prometheus, only the first YAML document counts.
    if (docs.isEmpty() || YamlNodes.isNull(docs.get(0))) {
      return new RuleFile(file, List.of());
    }
    Node root = docs.get(0);
    Ctx top = new Ctx(file, errors, "", 0, "");
    Map<String, NodeTuple> rootMap = top.mapping(root, "rule file", FILE_KEYS, "groups");
    if (rootMap == null || rootMap.get("groups") == null || YamlNodes.isNull(rootMap.get("groups").getValueNode())) {
      return new RuleFile(file, List.of());
    }
    Node groupsNode = rootMap.get("groups").getValueNode();
    if (!(groupsNode instanceof SequenceNode seq)) {
      top.at(groupsNode, "field groups must be a list of rule groups");
      return new RuleFile(file, List.of());
    }
    List<RuleGroupConfig> groups = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node g : seq.getValue()) {
      RuleGroupConfig group = group(file, g, errors);
      if (group == null) {
        continue;
      }
      if (!seen.add(group.name())) {
        new Ctx(file, errors, "", 0, "").at(g, "groupname: \"" + group.name() + "\" is repeated in the same file");
      }
      groups.add(group);
    }
    return new RuleFile(file, groups);
  }

  private RuleGroupConfig group(String file, Node g, List<RuleError> errors) {
    Ctx gc = new Ctx(file, errors, "", 0, "");
    Map<String, NodeTuple> m = gc.mapping(g, "rule group", GROUP_KEYS, "rulefmt.RuleGroup");
    if (m == null) {
      return null;
    }
    String name = gc.string(m.get("name"));
    Ctx c = new Ctx(file, errors, name == null ? "" : name, 0, "");
    if (name == null || name.isEmpty()) {
      c.at(g, "Groupname must not be empty");
      name = "";
    }
    Duration interval = c.duration(m.get("interval"));
    Duration offset = c.duration(m.get("query_offset"));
    int limit = 0;
    String lim = c.string(m.get("limit"));
    if (lim != null) {
      try {
        limit = Integer.parseInt(lim);
        if (limit < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        c.at(m.get("limit").getValueNode(), "limit must be a non-negative integer, got \"" + lim + "\"");
      }
    }
    Map<String, String> labels = c.stringMap(m.get("labels"), "labels");
    checkLabels(c, m.get("labels"), labels);
    List<RuleConfig> rules = new ArrayList<>();
    NodeTuple rn = m.get("rules");
    if (rn != null && !YamlNodes.isNull(rn.getValueNode())) {
      if (!(rn.getValueNode() instanceof SequenceNode rs)) {
        c.at(rn.getValueNode(), "field rules must be a list of rules");
      } else {
        int i = 0;
        for (Node r : rs.getValue()) {
          i++;
          RuleConfig rule = rule(file, name, i, r, errors);
          if (rule != null) {
            rules.add(rule);
          }
        }
      }
    }
    return new RuleGroupConfig(name, file, interval == null || interval.isZero() ? null : interval,
        offset, limit, labels, rules, YamlNodes.line(g));
  }

  private RuleConfig rule(String file, String group, int index, Node r, List<RuleError> errors) {
    Ctx c0 = new Ctx(file, errors, group, index, "");
    Map<String, NodeTuple> m = c0.mapping(r, "rule", RULE_KEYS, "rulefmt.Rule");
    if (m == null) {
      return null;
    }
    String record = c0.string(m.get("record"));
    String alert = c0.string(m.get("alert"));
    Ctx c = new Ctx(file, errors, group, index, record != null ? record : alert != null ? alert : "");
    String expr = c.string(m.get("expr"));
    Duration forD = c.duration(m.get("for"));
    Duration keep = c.duration(m.get("keep_firing_for"));
    Map<String, String> labels = c.stringMap(m.get("labels"), "labels");
    Map<String, String> annotations = c.stringMap(m.get("annotations"), "annotations");
    boolean hasRecord = record != null && !record.isEmpty();
    boolean hasAlert = alert != null && !alert.isEmpty();
    if (hasRecord && hasAlert) {
      c.at(m.get("record").getValueNode(), "only one of 'record' and 'alert' must be set");
    }
    if (!hasRecord && !hasAlert) {
      c.at(r, "one of 'record' or 'alert' must be set");
    }
    if (expr == null || expr.isBlank()) {
      c.at(m.containsKey("expr") ? m.get("expr").getValueNode() : r, "field 'expr' must be set in rule");
    } else {
      try {
        validator.validate(expr);
      } catch (PromqlParseException e) {
        Node en = m.get("expr").getValueNode();
        c.at(en, "could not parse expression: " + e.getMessage());
      } catch (PromqlException e) {
        c.at(m.get("expr").getValueNode(), "could not parse expression: " + e.getMessage());
      }
    }
    if (hasRecord) {
      if (!annotations.isEmpty()) {
        c.at(m.get("annotations").getKeyNode(), "invalid field 'annotations' in recording rule");
      }
      if (m.containsKey("for") && forD != null && !forD.isZero()) {
        c.at(m.get("for").getKeyNode(), "invalid field 'for' in recording rule");
      }
      if (m.containsKey("keep_firing_for") && keep != null && !keep.isZero()) {
        c.at(m.get("keep_firing_for").getKeyNode(), "invalid field 'keep_firing_for' in recording rule");
      }
      if (!names.validMetricName(record)) {
        c.at(m.get("record").getValueNode(), "invalid recording rule name: " + record);
      } else if (record.contains("{") || record.contains("}")) {
        c.at(m.get("record").getValueNode(),
            "braces present in the recording rule name; should it be in expr?: " + record);
      }
    }
    checkLabels(c, m.get("labels"), labels);
    NodeTuple an = m.get("annotations");
    for (String k : annotations.keySet()) {
      if (!names.validLabelName(k)) {
        c.at(keyNode(an, k), "invalid annotation name: " + k);
      }
    }
    checkTemplates(c, m.get("labels"), labels, "label");
    checkTemplates(c, an, annotations, "annotation");
    return new RuleConfig(alert, record, expr, forD, keep, labels, annotations, YamlNodes.line(r));
  }

  private void checkLabels(Ctx c, NodeTuple node, Map<String, String> labels) {
    for (String k : labels.keySet()) {
      if (!names.validLabelName(k) || k.equals("__name__")) {
        c.at(keyNode(node, k), "invalid label name: " + k);
      }
    }
  }

  private static void checkTemplates(Ctx c, NodeTuple node, Map<String, String> values, String what) {
    values.forEach((k, v) -> {
      try {
        AlertTemplate.parse("__alert_" + c.ruleName(), v);
      } catch (TemplateException e) {
        c.at(valueNode(node, k), what + " " + k + ": template parse error: " + e.getMessage());
      }
    });
  }

  private static Node keyNode(NodeTuple mapping, String key) {
    Map<String, NodeTuple> e = mapping == null ? null : YamlNodes.entries(mapping.getValueNode());
    return e == null || !e.containsKey(key) ? (mapping == null ? null : mapping.getKeyNode()) : e.get(key).getKeyNode();
  }

  private static Node valueNode(NodeTuple mapping, String key) {
    Map<String, NodeTuple> e = mapping == null ? null : YamlNodes.entries(mapping.getValueNode());
    return e == null || !e.containsKey(key) ? null : e.get(key).getValueNode();
  }

  /** Where errors go, and what they are about. */
  private record Ctx(String file, List<RuleError> errors, String group, int rule, String ruleName) {
    void at(Node n, String message) {
      errors.add(new RuleError(file, YamlNodes.line(n), YamlNodes.column(n), group, rule, ruleName, message));
    }

    Map<String, NodeTuple> mapping(Node n, String what, Set<String> known, String typeName) {
      Map<String, NodeTuple> m = YamlNodes.entries(n);
      if (m == null) {
        at(n, what + " must be a mapping");
        return null;
      }
      java.util.Map<String, Integer> firstLine = new java.util.HashMap<>();
      for (NodeTuple t : ((org.yaml.snakeyaml.nodes.MappingNode) n).getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !k.getValue().equals("<<")) {
          Integer prev = firstLine.putIfAbsent(k.getValue(), YamlNodes.line(k));
          if (prev != null) {
            at(k, "mapping key \"" + k.getValue() + "\" already defined at line " + prev);
          }
        }
      }
      m.forEach((k, t) -> {
        if (!known.contains(k)) {
          at(t.getKeyNode(), "field " + k + " not found in type " + typeName);
        }
      });
      return m;
    }

    String string(NodeTuple t) {
      if (t == null || YamlNodes.isNull(t.getValueNode())) {
        return null;
      }
      if (t.getValueNode() instanceof ScalarNode s) {
        return s.getValue();
      }
      at(t.getValueNode(), "field " + ((ScalarNode) t.getKeyNode()).getValue() + " must be a string");
      return null;
    }

    Duration duration(NodeTuple t) {
      String s = string(t);
      if (s == null) {
        return null;
      }
      try {
        return PromDuration.parse(s);
      } catch (IllegalArgumentException e) {
        at(t.getValueNode(), e.getMessage());
        return null;
      }
    }

    Map<String, String> stringMap(NodeTuple t, String what) {
      Map<String, String> out = new LinkedHashMap<>();
      if (t == null || YamlNodes.isNull(t.getValueNode())) {
        return out;
      }
      Map<String, NodeTuple> m = YamlNodes.entries(t.getValueNode());
      if (m == null) {
        at(t.getValueNode(), "field " + what + " must be a mapping of strings");
        return out;
      }
      m.forEach((k, v) -> {
        if (v.getValueNode() instanceof ScalarNode s) {
          out.put(k, YamlNodes.isNull(s) ? "" : s.getValue());
        } else {
          at(v.getValueNode(), what + " value for " + k + " must be a string");
        }
      });
      return out;
    }
  }

  /** Options. */
  public static final class Builder {
    private NameValidation names = NameValidation.UTF8;
    private PromqlEngine validator;

    /** UTF-8 names (Prometheus 3's default) or the legacy scheme. */
    public Builder nameValidation(NameValidation v) {
      this.names = v;
      return this;
    }

    /** The engine whose parser checks expressions (to honour its feature flags); a default one otherwise. */
    public Builder validator(PromqlEngine engine) {
      this.validator = engine;
      return this;
    }

    public RuleFileParser build() {
      return new RuleFileParser(this);
    }
  }
}
