package dev.sightline.alerting.rules.template.internal;

import dev.sightline.alerting.rules.template.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses Go text/template syntax: text, actions with trim markers ({@code {{- x -}}}), comments,
 * pipelines, variables (checked for definition at parse time, as Go does), if/else if/else, with, range
 * (with {@code $i, $v :=}), parenthesised pipelines, string/raw/number/bool/nil literals. Errors read as
 * Go's: {@code template: NAME:LINE: message}.
 */
public final class TemplateParser {
  /** Templates longer than this are refused; real annotations are a few hundred bytes. */
  public static final int MAX_TEMPLATE_CHARS = 64 * 1024;
  private static final int MAX_DEPTH = 100;

  private final String name;
  private final String src;
  private final Set<String> functions;
  private final List<String> vars = new ArrayList<>();
  private int pos;
  private int line = 1;
  private boolean trimNext;
  private int depth;

  private TemplateParser(String name, String src, Set<String> functions, List<String> predefined) {
    this.name = name;
    this.src = src;
    this.functions = functions;
    vars.add("$");
    vars.addAll(predefined);
  }

  public static List<Node> parse(String name, String src, Set<String> functions, List<String> predefinedVars)
      throws TemplateException {
    if (src.length() > MAX_TEMPLATE_CHARS) {
      throw new TemplateException("template: " + name + ": longer than " + MAX_TEMPLATE_CHARS + " characters");
    }
    TemplateParser p = new TemplateParser(name, src, functions, predefinedVars);
    List<Node> out = new ArrayList<>();
    String end = p.list(out);
    if (end != null) {
      throw p.error("unexpected {{" + end + "}}");
    }
    return out;
  }

  private TemplateException error(String msg) {
    return new TemplateException("template: " + name + ":" + line + ": " + msg);
  }

  /** Parses nodes until {{end}} / {{else...}} (returned as the keyword plus rest) or the end of input (null). */
  private String list(List<Node> out) throws TemplateException {
    if (++depth > MAX_DEPTH) {
      throw error("template nested too deeply");
    }
    try {
      while (pos < src.length()) {
        int open = src.indexOf("{{", pos);
        String text = src.substring(pos, open < 0 ? src.length() : open);
        if (trimNext) {
          text = text.stripLeading();
          trimNext = false;
        }
        boolean trimLeft = open >= 0 && src.startsWith("{{- ", open);
        if (trimLeft) {
          text = text.stripTrailing();
        }
        if (!text.isEmpty()) {
          out.add(new Node.Text(text));
        }
        countLines(pos, open < 0 ? src.length() : open);
        if (open < 0) {
          pos = src.length();
          break;
        }
        int start = open + (trimLeft ? 4 : 2);
        int close = findClose(start);
        int bodyEnd = close;
        if (close - start >= 2 && src.startsWith(" -", close - 2)) {
          bodyEnd = close - 2;
          trimNext = true;
        }
        String body = src.substring(start, Math.max(start, bodyEnd));
        int actionLine = line;
        countLines(open, close + 2);
        pos = close + 2;
        String t = body.strip();
        if (t.startsWith("/*")) {
          if (!t.endsWith("*/")) {
            throw error("unclosed comment");
          }
          continue;
        }
        Lexer lx = new Lexer(body, actionLine);
        Tok first = lx.peek();
        if (first == null) {
          throw error("missing value for command");
        }
        if (first.type() == Tok.Type.IDENT) {
          switch (first.text()) {
            case "end" -> {
              lx.next();
              lx.expectEnd();
              return "end";
            }
            case "else" -> {
              return "else" + body.substring(body.indexOf("else") + 4);
            }
            case "if", "with", "range" -> {
              lx.next();
              out.add(branch(first.text(), actionLine, lx));
              continue;
            }
            case "define", "template", "block", "break", "continue" ->
                throw error("{{" + first.text() + "}} is not supported in rule templates");
            default -> { }
          }
        }
        Node.Pipe pipe = pipeline(lx, false);
        lx.expectEnd();
        out.add(new Node.Action(actionLine, pipe));
      }
      return null;
    } finally {
      depth--;
    }
  }

  private Node.Branch branch(String kind, int actionLine, Lexer lx) throws TemplateException {
    int mark = vars.size();
    Node.Pipe pipe = pipeline(lx, kind.equals("range"));
    lx.expectEnd();
    List<Node> body = new ArrayList<>();
    String end = list(body);
    List<Node> elseList = new ArrayList<>();
    if (end == null) {
      throw error("unexpected EOF");
    }
    if (end.startsWith("else")) {
      Lexer el = new Lexer(end.substring(4), line);
      Tok t = el.peek();
      if (t != null && t.type() == Tok.Type.IDENT && (t.text().equals("if") || t.text().equals("with"))) {
        el.next();
        // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the outer {{end}}.
        elseList.add(branch(t.text(), line, el));
      } else {
        el.expectEnd();
        String end2 = list(elseList);
        if (end2 == null || !end2.equals("end")) {
          throw error(end2 == null ? "unexpected EOF" : "expected end; found {{" + end2 + "}}");
        }
      }
    }
    while (vars.size() > mark) {
      vars.remove(vars.size() - 1);
    }
    return new Node.Branch(kind, actionLine, pipe, body, elseList);
  }

  private Node.Pipe pipeline(Lexer lx, boolean range) throws TemplateException {
    List<String> decl = new ArrayList<>();
    boolean assign = false;
    int save = lx.i;
    if (lx.peek() != null && lx.peek().type() == Tok.Type.VAR) {
      List<String> names = new ArrayList<>();
      names.add(lx.next().text());
      Tok t = lx.peek();
      if (range && t != null && t.type() == Tok.Type.COMMA) {
        lx.next();
        Tok v = lx.next();
        if (v == null || v.type() != Tok.Type.VAR) {
          throw error("range can only initialize variables");
        }
        names.add(v.text());
        t = lx.peek();
      }
      if (t != null && (t.type() == Tok.Type.DECLARE || t.type() == Tok.Type.ASSIGN)) {
        lx.next();
        assign = t.type() == Tok.Type.ASSIGN;
        decl = names;
      } else {
        lx.i = save;
      }
    }
    List<Node.Cmd> cmds = new ArrayList<>();
    while (true) {
      cmds.add(command(lx));
      Tok t = lx.peek();
      if (t == null || t.type() == Tok.Type.RPAREN) {
        break;
      }
      if (t.type() != Tok.Type.PIPE) {
        throw error("unexpected " + t.text() + " in command");
      }
      lx.next();
    }
    for (String d : decl) {
      if (assign) {
        requireVar(d);
      } else {
        vars.add(d);
      }
    }
    return new Node.Pipe(decl, assign, cmds);
  }

  private Node.Cmd command(Lexer lx) throws TemplateException {
    List<Node.Arg> args = new ArrayList<>();
    while (true) {
      Tok t = lx.peek();
      if (t == null || t.type() == Tok.Type.PIPE || t.type() == Tok.Type.RPAREN) {
        break;
      }
      if (!args.isEmpty() && !t.spaceBefore()) {
        throw error("missing space before " + t.text());
      }
      args.add(operand(lx));
    }
    if (args.isEmpty()) {
      throw error("missing value for command");
    }
    return new Node.Cmd(args);
  }

  private Node.Arg operand(Lexer lx) throws TemplateException {
    Tok t = lx.next();
    Node.Arg base = switch (t.type()) {
      case IDENT -> switch (t.text()) {
        case "true" -> new Node.Literal(Boolean.TRUE);
        case "false" -> new Node.Literal(Boolean.FALSE);
        case "nil" -> new Node.Literal(null);
        default -> {
          if (!functions.contains(t.text())) {
            throw error("function \"" + t.text() + "\" not defined");
          }
          yield new Node.Ident(t.text());
        }
      };
      case VAR -> {
        requireVar(t.text());
        yield new Node.Var(t.text());
      }
      case DOT -> new Node.Dot();
      case FIELD -> new Node.Field(new Node.Dot(), new ArrayList<>(List.of(t.text().substring(1))));
      case STRING -> new Node.Literal(t.text());
      case NUMBER -> new Node.Literal(number(t.text()));
      case LPAREN -> {
        if (++depth > MAX_DEPTH) {
          throw error("expression nested too deeply");
        }
        Node.Pipe p = pipeline(lx, false);
        depth--;
        Tok r = lx.peek();
        lx.i++;
        if (r == null || r.type() != Tok.Type.RPAREN) {
          throw error("unclosed left paren");
        }
        yield new Node.SubPipe(p);
      }
      default -> throw error("unexpected " + t.text() + " in operand");
    };
    List<String> fields = new ArrayList<>();
    while (lx.peek() != null && lx.peek().type() == Tok.Type.FIELD && !lx.peek().spaceBefore()) {
      fields.add(lx.next().text().substring(1));
    }
    if (fields.isEmpty()) {
      return base;
    }
    if (base instanceof Node.Field f) {
      f.fields().addAll(fields);
      return f;
    }
    if (base instanceof Node.Literal || base instanceof Node.Ident) {
      throw error("unexpected . after term");
    }
    return new Node.Field(base, fields);
  }

  private void requireVar(String v) throws TemplateException {
    if (!vars.contains(v)) {
      throw error("undefined variable \"" + v + "\"");
    }
  }

  private Object number(String s) throws TemplateException {
    try {
      if (s.matches("[+-]?\\d+")) {
        return Long.parseLong(s);
      }
      if (s.matches("[+-]?0[xX][0-9a-fA-F]+")) {
        return Long.decode(s);
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error("bad number syntax: \"" + s + "\"");
    }
  }

  private int findClose(int from) throws TemplateException {
    int i = from;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c) {
          if (c == '"' && src.charAt(j) == '\\') {
            j++;
          }
          if (c == '"' && j < src.length() && src.charAt(j) == '\n') {
            throw error("unterminated quoted string");
          }
          j++;
        }
        if (j >= src.length()) {
          throw error("unterminated " + (c == '"' ? "quoted" : "raw quoted") + " string");
        }
        i = j + 1;
        continue;
      }
      if (src.startsWith("}}", i)) {
        return i;
      }
      i++;
    }
    throw error("unclosed action");
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
      }
    }
  }

  record Tok(Type type, String text, boolean spaceBefore) {
    enum Type { IDENT, VAR, DOT, FIELD, STRING, NUMBER, LPAREN, RPAREN, PIPE, DECLARE, ASSIGN, COMMA }
  }

  /** Splits the inside of one action into tokens. */
  private final class Lexer {
    final List<Tok> toks = new ArrayList<>();
    int i;

    Lexer(String s, int atLine) throws TemplateException {
      int p = 0;
      boolean space = true;
      while (p < s.length()) {
        char c = s.charAt(p);
        if (Character.isWhitespace(c)) {
          space = true;
          p++;
          continue;
        }
        int start = p;
        Tok.Type type;
        String text;
        if (c == '"') {
          StringBuilder b = new StringBuilder();
          p++;
          while (s.charAt(p) != '"') {
            char d = s.charAt(p++);
            if (d == '\\') {
              char e = s.charAt(p++);
              switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '\\', '"', '\'' -> b.append(e);
                case 'u' -> {
                  b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                  p += 4;
                }
                default -> throw error("invalid escape \\" + e + " in string");
              }
            } else {
              b.append(d);
            }
          }
          p++;
          type = Tok.Type.STRING;
          text = b.toString();
        } else if (c == '`') {
          int e = s.indexOf('`', p + 1);
          type = Tok.Type.STRING;
          text = s.substring(p + 1, e);
          p = e + 1;
        } else if (c == '$' || c == '.' && (p + 1 >= s.length() || isIdent(s.charAt(p + 1)))) {
          p++;
          while (p < s.length() && isIdent(s.charAt(p))) {
            p++;
          }
          text = s.substring(start, p);
          type = c == '$' ? Tok.Type.VAR : text.length() == 1 ? Tok.Type.DOT : Tok.Type.FIELD;
        } else if (c == '.') {
          p++;
          type = Tok.Type.DOT;
          text = ".";
        } else if (Character.isDigit(c) || ((c == '-' || c == '+') && p + 1 < s.length()
            && Character.isDigit(s.charAt(p + 1)))) {
          p++;
          while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '.'
              || ((s.charAt(p) == '-' || s.charAt(p) == '+') && (s.charAt(p - 1) == 'e' || s.charAt(p - 1) == 'E')))) {
            p++;
          }
          type = Tok.Type.NUMBER;
          text = s.substring(start, p);
        } else if (isIdent(c)) {
          while (p < s.length() && isIdent(s.charAt(p))) {
            p++;
          }
          type = Tok.Type.IDENT;
          text = s.substring(start, p);
        } else if (s.startsWith(":=", p)) {
          p += 2;
          type = Tok.Type.DECLARE;
          text = ":=";
        } else {
          p++;
          text = String.valueOf(c);
          type = switch (c) {
            case '(' -> Tok.Type.LPAREN;
            case ')' -> Tok.Type.RPAREN;
            case '|' -> Tok.Type.PIPE;
            case '=' -> Tok.Type.ASSIGN;
            case ',' -> Tok.Type.COMMA;
            default -> throw error("unexpected \"" + c + "\" in command");
          };
        }
        toks.add(new Tok(type, text, space));
        space = false;
      }
    }

    Tok peek() {
      return i < toks.size() ? toks.get(i) : null;
    }

    Tok next() throws TemplateException {
      if (i >= toks.size()) {
        throw error("missing value for command");
      }
      return toks.get(i++);
    }

    void expectEnd() throws TemplateException {
      if (i < toks.size()) {
        Tok t = toks.get(i);
        throw error(t.type() == Tok.Type.RPAREN ? "unexpected right paren" : "unexpected " + t.text() + " in command");
      }
    }
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
