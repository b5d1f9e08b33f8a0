package dev.sightline.alerting.rules.template.internal;

import dev.sightline.alerting.rules.template.TemplateContext;
import dev.sightline.alerting.rules.template.TemplateException;
import dev.sightline.alerting.rules.template.TemplateSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Walks a parsed template against one {@link TemplateContext}, with Go's truth, printing and field rules. */
public final class Executor {
  /** Rendered output is capped; a runaway range over a big query result must not exhaust memory. */
  static final int MAX_OUTPUT_CHARS = 1 << 20;

  private final String name;
  final TemplateContext ctx;
  private final Map<String, Object> vars = new HashMap<>();
  private final StringBuilder out = new StringBuilder();
  private int line;

  public Executor(String name, TemplateContext ctx) {
    this.name = name;
    this.ctx = ctx;
    Data data = new Data(ctx);
    vars.put("$", data);
    vars.put("$labels", ctx.labels());
    vars.put("$externalLabels", ctx.externalLabels());
    vars.put("$externalURL", ctx.externalUrl());
    vars.put("$value", ctx.value());
  }

  /** The template's {@code .}: the fields Prometheus's tmplData has. */
  record Data(TemplateContext ctx) {}

  public String run(List<Node> nodes) throws TemplateException {
    list(nodes, vars.get("$"));
    return out.toString();
  }

  TemplateException error(String msg) {
    return new TemplateException("template: " + name + ":" + line + ": executing \"" + name + "\": " + msg);
  }

  private void list(List<Node> nodes, Object dot) throws TemplateException {
    for (Node n : nodes) {
      switch (n) {
        case Node.Text t -> write(t.text());
        case Node.Action a -> {
          line = a.line();
          Object v = pipe(a.pipe(), dot);
          if (a.pipe().decl().isEmpty()) {
            write(str(v));
          }
        }
        case Node.Branch b -> branch(b, dot);
      }
    }
  }

  private void branch(Node.Branch b, Object dot) throws TemplateException {
    line = b.line();
    Map<String, Object> saved = new HashMap<>(vars);
    try {
      if (b.kind().equals("range")) {
        range(b, dot);
        return;
      }
      Object v = pipe(b.pipe(), dot);
      if (truth(v)) {
        list(b.list(), b.kind().equals("with") ? v : dot);
      } else {
        list(b.elseList(), dot);
      }
    } finally {
      // Variables declared inside a control structure end with it; assignments to outer ones persist.
      for (String k : new ArrayList<>(vars.keySet())) {
        if (saved.containsKey(k)) {
          saved.put(k, vars.get(k));
        }
      }
      vars.clear();
      vars.putAll(saved);
    }
  }

  private void range(Node.Branch b, Object dot) throws TemplateException {
    List<String> decl = b.pipe().decl();
    Node.Pipe p = new Node.Pipe(List.of(), false, b.pipe().cmds());
    Object v = pipe(p, dot);
    List<Object[]> items = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        items.add(new Object[] {(long) i, l.get(i)});
      }
    } else if (v instanceof Map<?, ?> m) {
      new TreeMap<>(m).forEach((k, val) -> items.add(new Object[] {k, val}));
    } else if (v instanceof Long n) {
      for (long i = 0; i < Math.min(n, 100_000); i++) {
        items.add(new Object[] {i, i});
      }
    } else if (v != null) {
      throw error("range can't iterate over " + GoFormat.print(v));
    }
    if (items.isEmpty()) {
      list(b.elseList(), dot);
      return;
    }
    for (Object[] it : items) {
      if (decl.size() == 1) {
        vars.put(decl.get(0), it[1]);
      } else if (decl.size() == 2) {
        vars.put(decl.get(0), it[0]);
        vars.put(decl.get(1), it[1]);
      }
      list(b.list(), it[1]);
    }
  }

  private void write(String s) throws TemplateException {
    if (out.length() + s.length() > MAX_OUTPUT_CHARS) {
      throw error("output longer than " + MAX_OUTPUT_CHARS + " characters");
    }
    out.append(s);
  }

  Object pipe(Node.Pipe p, Object dot) throws TemplateException {
    Object v = null;
    boolean first = true;
    for (Node.Cmd c : p.cmds()) {
      v = cmd(c, dot, first ? Functions.NO_ARG : v);
      first = false;
    }
    for (String d : p.decl()) {
      vars.put(d, v);
    }
    return v;
  }

  private Object cmd(Node.Cmd c, Object dot, Object piped) throws TemplateException {
    Node.Arg head = c.args().get(0);
    if (head instanceof Node.Ident id) {
      List<Object> args = new ArrayList<>();
      for (int i = 1; i < c.args().size(); i++) {
        args.add(arg(c.args().get(i), dot));
      }
      if (piped != Functions.NO_ARG) {
        args.add(piped);
      }
      return Functions.call(this, id.name(), args);
    }
    if (c.args().size() > 1 || piped != Functions.NO_ARG) {
      throw error("can't give argument to non-function " + GoFormat.print(arg(head, dot)));
    }
    return arg(head, dot);
  }

  private Object arg(Node.Arg a, Object dot) throws TemplateException {
    return switch (a) {
      case Node.Literal l -> l.value();
      case Node.Dot d -> dot;
      case Node.Var v -> vars.get(v.name());
      case Node.SubPipe s -> pipe(s.pipe(), dot);
      case Node.Ident i -> Functions.call(this, i.name(), List.of());
      case Node.Field f -> {
        Object base = arg(f.base(), dot);
        for (String field : f.fields()) {
          base = field(base, field);
        }
        yield base;
      }
    };
  }

  private Object field(Object base, String f) throws TemplateException {
    if (base instanceof Map<?, ?> m) {
      Object v = m.get(f);
      // Prometheus executes with missingkey=zero over map[string]string: a missing label is "".
      return v == null ? "" : v;
    }
    if (base instanceof Data d) {
      return switch (f) {
        case "Labels" -> d.ctx().labels();
        case "ExternalLabels" -> d.ctx().externalLabels();
        case "ExternalURL" -> d.ctx().externalUrl();
        case "Value" -> d.ctx().value();
        default -> throw error("can't evaluate field " + f + " in type *template.tmplData");
      };
    }
    if (base instanceof TemplateSample s) {
      return switch (f) {
        case "Labels" -> s.labels();
        case "Value" -> s.value();
        default -> throw error("can't evaluate field " + f + " in type *template.sample");
      };
    }
    if (base == null) {
      throw error("nil pointer evaluating interface {}." + f);
    }
    throw error("can't evaluate field " + f + " in type " + base.getClass().getSimpleName());
  }

  static boolean truth(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Double d -> d != 0;
      case Long l -> l != 0;
      case Map<?, ?> m -> !m.isEmpty();
      case List<?> l -> !l.isEmpty();
      default -> true;
    };
  }

  static String str(Object v) {
    return v == null ? "<no value>" : GoFormat.print(v);
  }
}
