package dev.sightline.alerting.rules.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * YAML composed into nodes that remember their line and column, so that every validation error can point
 * at the offending spot (as Go's yaml.v3 nodes let promtool do). Aliases resolve to the anchored node;
 * merge keys ({@code <<: *anchor}) are flattened here because the composer leaves them as written.
 */
public final class YamlNodes {
  /** Bounds against hostile input: alias bombs, deep nesting, huge files. */
  public static final int MAX_CODE_POINTS = 16 << 20;

  private YamlNodes() {}

  /** A YAML syntax error at a 1-based position. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    public final int line;
    public final int column;

    SyntaxError(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /** The documents of a YAML stream (none for an empty file). */
  public static List<Node> compose(String text) throws SyntaxError {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(100);
    o.setNestingDepthLimit(64);
    o.setCodePointLimit(MAX_CODE_POINTS);
    o.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(o), new org.yaml.snakeyaml.representer.Representer(
        new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), o);
    List<Node> docs = new ArrayList<>();
    try {
      for (Node n : yaml.composeAll(new StringReader(text))) {
        docs.add(n);
      }
    } catch (MarkedYAMLException e) {
      var m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String msg = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
      throw new SyntaxError(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "yaml: " + msg);
    } catch (YAMLException e) {
      throw new SyntaxError(0, 0, "yaml: " + e.getMessage());
    }
    return docs;
  }

  public static int line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  public static int column(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getColumn() + 1;
  }

  /** A mapping's entries by key (later merge sources never override explicit keys). Null if not a mapping. */
  public static Map<String, NodeTuple> entries(Node n) {
    if (!(n instanceof MappingNode m)) {
      return null;
    }
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    Map<String, NodeTuple> merged = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
      if (key.equals("<<") && t.getKeyNode() instanceof ScalarNode) {
        Node v = t.getValueNode();
        List<Node> sources = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        for (Node src : sources) {
          Map<String, NodeTuple> e = entries(src);
          if (e != null) {
            e.forEach(merged::putIfAbsent);
          }
        }
        continue;
      }
      out.put(key, t);
    }
    merged.forEach(out::putIfAbsent);
    return out;
  }

  public static boolean isNull(Node n) {
    return n == null || (n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"));
  }
}
