package dev.sightline.alerting.rules.template.internal;

import java.util.List;

/** The parse tree of Go's text/template, reduced to what rule templates use. */
public sealed interface Node {
  record Text(String text) implements Node {}

  /** {@code {{ pipeline }}}: prints the value unless the pipeline declares variables. */
  record Action(int line, Pipe pipe) implements Node {}

  /** if / with / range share a shape; {@code elseList} may be empty. */
  record Branch(String kind, int line, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {}

  /** {@code $x := cmd | cmd}; {@code decl} empty when nothing is declared; {@code assign} for {@code =}. */
  record Pipe(List<String> decl, boolean assign, List<Cmd> cmds) {}

  /** A command: its first argument is the function (or a value when it is not an identifier). */
  record Cmd(List<Arg> args) {}

  sealed interface Arg {}

  record Ident(String name) implements Arg {}

  /** {@code .}, {@code .A.B}, {@code $x.A}, {@code (pipe).A}: a base followed by field names. */
  record Field(Arg base, List<String> fields) implements Arg {}

  record Dot() implements Arg {}

  record Var(String name) implements Arg {}

  record Literal(Object value) implements Arg {}

  record SubPipe(Pipe pipe) implements Arg {}
}
