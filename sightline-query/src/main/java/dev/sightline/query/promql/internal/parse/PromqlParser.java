package dev.sightline.query.promql.internal.parse;

import dev.sightline.query.promql.PromqlParseException;
import dev.sightline.query.promql.internal.ast.AggOp;
import dev.sightline.query.promql.internal.ast.BinOp;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.ast.Expr.At;
import dev.sightline.query.promql.internal.ast.Expr.Binary;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.NumberLiteral;
import dev.sightline.query.promql.internal.ast.Expr.Paren;
import dev.sightline.query.promql.internal.ast.Expr.StringLiteral;
import dev.sightline.query.promql.internal.ast.Expr.Subquery;
import dev.sightline.query.promql.internal.ast.Expr.Unary;
import dev.sightline.query.promql.internal.ast.Expr.VectorMatching;
import dev.sightline.query.promql.internal.ast.Expr.VectorMatching.Cardinality;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.ast.ValueType;
import dev.sightline.query.promql.internal.parse.ParseErrors.Failure;
import dev.sightline.query.promql.internal.parse.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent PromQL parser with precedence climbing for binary operators. It checks types as
 * Prometheus does at parse time, so an accepted tree can be evaluated without further type errors.
 */
public final class PromqlParser {
  private static final int MAX_DEPTH = 500;

  private final String input;
  private final List<Token> tokens;
  private final boolean experimentalFunctions;
  private final long stepMs;
  private final long rangeMs;
  private int i;
  private int depth;
  private final DurationExpressions durations = new DurationExpressions(this);
  /** True while parsing info()'s data-label selector, which may hold only empty-matching matchers. */
  private boolean lenientSelector;

  private PromqlParser(String input, List<Token> tokens, boolean experimentalFunctions, long stepMs, long rangeMs) {
    this.input = input;
    this.tokens = tokens;
    this.experimentalFunctions = experimentalFunctions;
    this.stepMs = stepMs;
    this.rangeMs = rangeMs;
  }

  long stepMs() {
    return stepMs;
  }

  long rangeMs() {
    return rangeMs;
  }

  /** Parses with experimental functions allowed. */
  public static Expr parse(String input) {
    return parse(input, true);
  }

  /** Throws {@link PromqlParseException} for every kind of malformed input, never anything else. */
  public static Expr parse(String input, boolean experimentalFunctions) {
    return parse(input, experimentalFunctions, 0, 0);
  }

  /**
   * With experimental features on, ranges, steps and offsets may be duration expressions
   * ({@code [step()*2]}, {@code offset (1h+5m)}); they are resolved here against the query's step and
   * range (both 0 for an instant query).
   */
  public static Expr parse(String input, boolean experimentalFeatures, long stepMs, long rangeMs) {
    try {
      PromqlParser p = new PromqlParser(input, Lexer.lex(input), experimentalFeatures, stepMs, rangeMs);
      if (p.peek().is(Kind.EOF)) {
        throw new Failure(0, "no expression found in input");
      }
      Expr e = p.expr(0);
      if (!p.peek().is(Kind.EOF)) {
        throw p.unexpected(p.peek(), null);
      }
      return e;
    } catch (Failure f) {
      throw ParseErrors.toException(input, f);
    } catch (StackOverflowError e) {
      throw new PromqlParseException(1, 1, "expression nested too deeply");
    }
  }

  // ---- binary expressions -------------------------------------------------------------------

  private Expr expr(int minPrec) {
    if (++depth > MAX_DEPTH) {
      throw new Failure(peek().pos(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    try {
      Expr lhs = unary();
      while (true) {
        BinOp op = binOp(peek());
        if (op == null || op.precedence() < minPrec) {
          return lhs;
        }
        Token opTok = next();
        boolean returnBool = false;
        if (peek().isIdent("bool")) {
          next();
          if (!op.isComparison()) {
            throw new Failure(opTok.pos(), "bool modifier can only be used on comparison operators");
          }
          returnBool = true;
        }
        VectorMatching matching = matching(op);
        Expr rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
        lhs = binary(op, lhs, rhs, matching, returnBool, opTok);
      }
    } finally {
      depth--;
    }
  }

  private VectorMatching matching(BinOp op) {
    Cardinality card = op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
    List<String> labels = List.of();
    boolean on = false;
    boolean explicit = false;
    List<String> include = List.of();
    if (peek().isIdent("on") || peek().isIdent("ignoring")) {
      on = next().text().equalsIgnoreCase("on");
      labels = labelList();
      explicit = true;
      if (peek().isIdent("group_left") || peek().isIdent("group_right")) {
        Token g = next();
        if (op.isSetOperator()) {
          throw new Failure(g.pos(), "no grouping allowed for \"" + op.symbol() + "\" operation");
        }
        card = g.text().equalsIgnoreCase("group_left") ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
        if (peek().is(Kind.LPAREN)) {
          include = labelList();
        }
        if (on) {
          for (String l : include) {
            if (labels.contains(l)) {
              throw new Failure(g.pos(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
            }
          }
        }
      }
    } else if (peek().isIdent("group_left") || peek().isIdent("group_right")) {
      throw unexpected(peek(), "binary expression, expected \"on\" or \"ignoring\" before grouping");
    }
    Double fillLeft = null;
    Double fillRight = null;
    while (experimentalFunctions && (peek().isIdent("fill") || peek().isIdent("fill_left")
        || peek().isIdent("fill_right")) && tokens.get(i + 1).is(Kind.LPAREN)) {
      Token f = next();
      if (op.isSetOperator()) {
        throw new Failure(f.pos(), "fill modifiers are not allowed for set operator \"" + op.symbol() + "\"");
      }
      next();
      boolean negative = false;
      if (peek().is(Kind.SUB) || peek().is(Kind.ADD)) {
        negative = next().is(Kind.SUB);
      }
      Token n = next();
      if (!n.is(Kind.NUMBER)) {
        throw unexpected(n, "fill modifier, expected number");
      }
      double v = number(n) * (negative ? -1 : 1);
      expect(Kind.RPAREN, "fill modifier");
      String kind = f.text().toLowerCase(Locale.ROOT);
      if (!kind.equals("fill_right")) {
        fillLeft = v;
      }
      if (!kind.equals("fill_left")) {
        fillRight = v;
      }
      explicit = true;
    }
    return explicit || op.isSetOperator()
        ? new VectorMatching(card, labels, on, include, fillLeft, fillRight) : null;
  }

  private Expr binary(BinOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, Token opTok) {
    ValueType lt = lhs.type();
    ValueType rt = rhs.type();
    if ((lt != ValueType.SCALAR && lt != ValueType.VECTOR) || (rt != ValueType.SCALAR && rt != ValueType.VECTOR)) {
      throw new Failure(opTok.pos(), "binary expression must contain only scalar and instant vector types");
    }
    boolean bothVectors = lt == ValueType.VECTOR && rt == ValueType.VECTOR;
    if (matching != null && !bothVectors) {
      if (op.isSetOperator()) {
        throw new Failure(opTok.pos(), "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
      }
      throw new Failure(opTok.pos(), "vector matching only allowed between instant vectors");
    }
    if (op.isComparison() && lt == ValueType.SCALAR && rt == ValueType.SCALAR && !returnBool) {
      throw new Failure(opTok.pos(), "comparisons between scalars must use BOOL modifier");
    }
    if (bothVectors && matching == null) {
      matching = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }
    return new Binary(op, lhs, rhs, matching, returnBool, lhs.pos());
  }

  static BinOp binOp(Token t) {
    return switch (t.kind()) {
      case ADD -> BinOp.ADD;
      case SUB -> BinOp.SUB;
      case MUL -> BinOp.MUL;
      case DIV -> BinOp.DIV;
      case MOD -> BinOp.MOD;
      case POW -> BinOp.POW;
      case EQLC -> BinOp.EQL;
      case NEQ -> BinOp.NEQ;
      case GTR -> BinOp.GTR;
      case LSS -> BinOp.LSS;
      case GTE -> BinOp.GTE;
      case LTE -> BinOp.LTE;
      case IDENT -> switch (t.text().toLowerCase(Locale.ROOT)) {
        case "and" -> BinOp.AND;
        case "or" -> BinOp.OR;
        case "unless" -> BinOp.UNLESS;
        case "atan2" -> BinOp.ATAN2;
        default -> null;
      };
      default -> null;
    };
  }

  // ---- unary and postfix --------------------------------------------------------------------

  private Expr unary() {
    Token t = peek();
    if (t.is(Kind.ADD) || t.is(Kind.SUB)) {
      next();
      Expr operand = expr(BinOp.MUL.precedence() + 1);
      if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
        throw new Failure(t.pos(), "unary expression only allowed on expressions of type scalar or instant vector, got \""
            + operand.type().display() + "\"");
      }
      if (t.is(Kind.ADD)) {
        return operand;
      }
      if (operand instanceof NumberLiteral n) {
        return new NumberLiteral(-n.value(), t.pos());
      }
      return new Unary(true, operand, t.pos());
    }
    return postfix(primary());
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = peek();
      if (t.is(Kind.LBRACKET)) {
        e = rangeOrSubquery(e);
      } else if (t.isIdent("offset")) {
        next();
        e = withOffset(e, t, signedDuration());
      } else if (t.is(Kind.AT)) {
        next();
        e = withAt(e, t, atValue());
      } else if (experimentalFunctions && e instanceof VectorSelector vs && !vs.smoothed() && t.isIdent("smoothed")) {
        next();
        e = vs.asSmoothed();
      } else if (experimentalFunctions && e instanceof MatrixSelector ms && ms.mode() == MatrixSelector.RangeMode.PLAIN
          && (t.isIdent("anchored") || t.isIdent("smoothed"))) {
        next();
        MatrixSelector.RangeMode mode = t.isIdent("anchored")
            ? MatrixSelector.RangeMode.ANCHORED : MatrixSelector.RangeMode.SMOOTHED;
        e = new MatrixSelector(ms.selector(), ms.rangeMs(), mode, ms.pos());
      } else {
        return e;
      }
    }
  }

  private Expr rangeOrSubquery(Expr e) {
    Token open = next();
    long range = duration();
    if (peek().is(Kind.COLON)) {
      next();
      long step = 0;
      if (!peek().is(Kind.RBRACKET)) {
        step = duration();
        if (step == 0) {
          throw new Failure(open.pos(), "zero-length step in subquery");
        }
      }
      expect(Kind.RBRACKET, "subquery selector");
      if (e.type() != ValueType.VECTOR) {
        throw new Failure(open.pos(), "subquery is only allowed on instant vector, got "
            + e.type().display() + " instead");
      }
      return new Subquery(e, range, step, 0, null, e.pos());
    }
    expect(Kind.RBRACKET, "matrix selector");
    if (!(e instanceof VectorSelector vs)) {
      throw new Failure(open.pos(), "ranges only allowed for vector selectors");
    }
    if (vs.offsetMs() != 0 || vs.at() != null) {
      throw new Failure(open.pos(), "no offset or @ modifiers allowed before range");
    }
    if (range <= 0) {
      throw new Failure(open.pos(), "range must be greater than 0");
    }
    return new MatrixSelector(vs, range, e.pos());
  }

  private Expr withOffset(Expr e, Token t, long offset) {
    return switch (e) {
      case VectorSelector vs when vs.offsetMs() == 0 -> vs.withOffset(offset);
      case MatrixSelector ms when ms.selector().offsetMs() == 0 ->
          new MatrixSelector(ms.selector().withOffset(offset), ms.rangeMs(), ms.mode(), ms.pos());
      case Subquery sq when sq.offsetMs() == 0 ->
          new Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), offset, sq.at(), sq.pos());
      case VectorSelector vs -> throw new Failure(t.pos(), "offset may not be set multiple times");
      case MatrixSelector ms -> throw new Failure(t.pos(), "offset may not be set multiple times");
      case Subquery sq -> throw new Failure(t.pos(), "offset may not be set multiple times");
      default -> throw new Failure(t.pos(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    };
  }

  private Expr withAt(Expr e, Token t, At at) {
    return switch (e) {
      case VectorSelector vs when vs.at() == null -> vs.withAt(at);
      case MatrixSelector ms when ms.selector().at() == null ->
          new MatrixSelector(ms.selector().withAt(at), ms.rangeMs(), ms.mode(), ms.pos());
      case Subquery sq when sq.at() == null ->
          new Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at, sq.pos());
      case VectorSelector vs -> throw new Failure(t.pos(), "@ <timestamp> may not be set multiple times");
      case MatrixSelector ms -> throw new Failure(t.pos(), "@ <timestamp> may not be set multiple times");
      case Subquery sq -> throw new Failure(t.pos(), "@ <timestamp> may not be set multiple times");
      default -> throw new Failure(t.pos(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    };
  }

  private At atValue() {
    Token t = peek();
    if (t.isIdent("start") || t.isIdent("end")) {
      next();
      expect(Kind.LPAREN, "@ modifier");
      expect(Kind.RPAREN, "@ modifier");
      return new At(t.text().equalsIgnoreCase("start") ? At.Kind.START : At.Kind.END, 0);
    }
    boolean negative = false;
    if (t.is(Kind.SUB) || t.is(Kind.ADD)) {
      negative = next().is(Kind.SUB);
    }
    Token n = next();
    double secs;
    if (n.is(Kind.NUMBER)) {
      secs = number(n);
    } else if (n.is(Kind.DURATION)) {
      secs = durationValue(n) / 1000.0;
    } else {
      throw unexpected(n, "@ modifier, expected number or start() or end()");
    }
    secs *= negative ? -1 : 1;
    if (Double.isNaN(secs) || Double.isInfinite(secs) || Math.abs(secs) > 9.2e15) {
      throw new Failure(n.pos(), "timestamp out of bounds for @ modifier: " + secs);
    }
    return new At(At.Kind.TIME, Math.round(secs * 1000));
  }

  private long signedDuration() {
    boolean negative = false;
    if (peek().is(Kind.SUB) || peek().is(Kind.ADD)) {
      negative = next().is(Kind.SUB);
    }
    long d;
    if (experimentalFunctions && (peek().is(Kind.LPAREN) || peek().is(Kind.IDENT))) {
      d = DurationExpressions.toMillis(durations.primary(), peek());
    } else {
      d = plainDuration();
    }
    return negative ? -d : d;
  }

  private long duration() {
    if (experimentalFunctions) {
      Token first = peek();
      double secs = durations.expr(0);
      long ms = DurationExpressions.toMillis(secs, first);
      if (ms < 0) {
        throw new Failure(first.pos(), "duration must be greater than or equal to 0");
      }
      return ms;
    }
    return plainDuration();
  }

  long durationValue(Token t) {
    try {
      return Durations.parse(t.text());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new Failure(t.pos(), e instanceof ArithmeticException ? "duration out of range" : e.getMessage());
    }
  }

  private long plainDuration() {
    Token t = next();
    try {
      if (t.is(Kind.DURATION)) {
        return Durations.parse(t.text());
      }
      if (t.is(Kind.NUMBER)) {
        double secs = number(t);
        if (Double.isNaN(secs) || Double.isInfinite(secs) || secs < 0 || secs > 9.2e15) {
          throw new Failure(t.pos(), "invalid duration " + t.text());
        }
        return Math.round(secs * 1000);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new Failure(t.pos(), e instanceof ArithmeticException ? "duration out of range" : e.getMessage());
    }
    throw unexpected(t, "duration, expected duration");
  }

  // ---- primary expressions ------------------------------------------------------------------

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        next();
        return new NumberLiteral(number(t), t.pos());
      }
      case DURATION -> {
        next();
        return new NumberLiteral(durationValue(t) / 1000.0, t.pos());
      }
      case STRING -> {
        next();
        return new StringLiteral(t.text(), t.pos());
      }
      case LPAREN -> {
        next();
        Expr inner = expr(0);
        expect(Kind.RPAREN, "paren expression");
        return new Paren(inner, t.pos());
      }
      case LBRACE -> {
        return selector(null, t.pos());
      }
      case IDENT -> {
        return identifierExpr();
      }
      default -> throw unexpected(t, null);
    }
  }

  private Expr identifierExpr() {
    Token t = next();
    String word = t.text();
    AggOp agg = AggOp.byKeyword(word);
    if (agg != null && (peek().is(Kind.LPAREN) || peek().isIdent("by") || peek().isIdent("without"))) {
      return aggregation(agg, t);
    }
    if (peek().is(Kind.LPAREN)) {
      return call(t);
    }
    if (Keywords.reserved(word) || agg != null) {
      throw unexpected(t, null);
    }
    return selector(word, t.pos());
  }

  private Expr call(Token nameTok) {
    Function f = Function.byName(nameTok.text());
    if (f == null) {
      throw new Failure(nameTok.pos(), "unknown function with name \"" + nameTok.text() + "\"");
    }
    if (f.experimental() && !experimentalFunctions) {
      throw new Failure(nameTok.pos(), "function \"" + f.functionName()
          + "\" is not enabled (experimental functions are disabled)");
    }
    next();
    List<Expr> args = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      lenientSelector = f == Function.INFO && args.size() == 1;
      try {
        args.add(expr(0));
      } finally {
        lenientSelector = false;
      }
      if (peek().is(Kind.COMMA)) {
        next();
      } else if (!peek().is(Kind.RPAREN)) {
        throw unexpected(peek(), "argument list, expected \",\" or \")\"");
      }
    }
    Token close = next();
    checkArgs(f, args, nameTok, close);
    for (Expr arg : args) {
      if (arg instanceof MatrixSelector ms && ms.mode() != MatrixSelector.RangeMode.PLAIN) {
        boolean anchored = ms.mode() == MatrixSelector.RangeMode.ANCHORED;
        List<Function> allowed = anchored
            ? List.of(Function.CHANGES, Function.DELTA, Function.INCREASE, Function.RATE, Function.RESETS)
            : List.of(Function.DELTA, Function.INCREASE, Function.RATE);
        if (!allowed.contains(f)) {
          throw new Failure(nameTok.pos(), (anchored ? "anchored" : "smoothed") + " modifier can only be used with: "
              + String.join(", ", allowed.stream().map(Function::functionName).toList()) + " - not with "
              + f.functionName());
        }
      }
    }
    if (f == Function.INFO) {
      if (args.size() == 1) {
        args.add(new VectorSelector("target_info",
            List.of(dev.sightline.store.metrics.LabelMatcher.equal("__name__", "target_info")), 0, null,
            close.pos(), close.pos()));
      } else if (!(args.get(1) instanceof VectorSelector)) {
        throw new Failure(args.get(1).pos(), "expected label selectors as the second argument to \"info\" function");
      }
    }
    return new Call(f, List.copyOf(args), nameTok.pos());
  }

  private void checkArgs(Function f, List<Expr> args, Token nameTok, Token close) {
    int fixed = f.argTypes().size();
    int n = args.size();
    String name = f.functionName();
    if (f.variadic() == 0 && n != fixed) {
      throw new Failure(close.pos(), "expected " + fixed + " argument(s) in call to \"" + name + "\", got " + n);
    }
    if (f.variadic() != 0) {
      int min = f.variadic() > 0 ? fixed - f.variadic() : fixed - 1;
      if (n < min) {
        throw new Failure(close.pos(), "expected at least " + min + " argument(s) in call to \"" + name
            + "\", got " + n);
      }
      if (f.variadic() > 0 && n > fixed) {
        throw new Failure(close.pos(), "expected at most " + fixed + " argument(s) in call to \"" + name
            + "\", got " + n);
      }
    }
    for (int k = 0; k < n; k++) {
      ValueType want = k < fixed ? f.argTypes().get(k) : f.argTypes().get(fixed - 1);
      ValueType got = args.get(k).type();
      if (want != got) {
        throw new Failure(args.get(k).pos(), "expected type " + want.display() + " in call to function \""
            + name + "\", got " + got.display());
      }
    }
  }

  private Expr aggregation(AggOp op, Token opTok) {
    List<String> grouping = List.of();
    boolean without = false;
    boolean haveGrouping = false;
    if (peek().isIdent("by") || peek().isIdent("without")) {
      without = next().text().equalsIgnoreCase("without");
      grouping = labelList();
      haveGrouping = true;
    }
    if (!peek().is(Kind.LPAREN)) {
      throw unexpected(peek(), "aggregation, expected \"(\"");
    }
    next();
    List<Expr> args = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      args.add(expr(0));
      if (peek().is(Kind.COMMA)) {
        next();
      } else if (!peek().is(Kind.RPAREN)) {
        throw unexpected(peek(), "aggregation, expected \",\" or \")\"");
      }
    }
    Token close = next();
    if (peek().isIdent("by") || peek().isIdent("without")) {
      if (haveGrouping) {
        throw unexpected(peek(), "aggregation");
      }
      without = next().text().equalsIgnoreCase("without");
      grouping = labelList();
    }
    int want = op.paramType() == null ? 1 : 2;
    if (args.size() != want) {
      throw new Failure(close.pos(), "wrong number of arguments for aggregate expression provided, expected "
          + want + ", got " + args.size());
    }
    Expr param = want == 2 ? args.get(0) : null;
    Expr body = args.get(want - 1);
    if (body.type() != ValueType.VECTOR) {
      throw new Failure(body.pos(), "expected type instant vector in aggregation expression, got "
          + body.type().display());
    }
    if (param != null && param.type() != op.paramType()) {
      throw new Failure(param.pos(), "expected type " + op.paramType().display()
          + " in aggregation parameter, got " + param.type().display());
    }
    return new Aggregate(op, body, param, grouping, without, opTok.pos());
  }

  /** {@code (a, b, "c")} with an optional trailing comma. */
  private List<String> labelList() {
    expect(Kind.LPAREN, "grouping opts");
    List<String> labels = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      Token t = next();
      if (t.is(Kind.IDENT)) {
        if (t.text().contains(":")) {
          throw new Failure(t.pos(), "unexpected identifier \"" + t.text() + "\" in grouping opts, expected label");
        }
        labels.add(t.text());
      } else if (t.is(Kind.STRING)) {
        labels.add(t.text());
      } else {
        throw unexpected(t, "grouping opts, expected label");
      }
      if (peek().is(Kind.COMMA)) {
        next();
      } else if (!peek().is(Kind.RPAREN)) {
        throw unexpected(peek(), "grouping opts, expected \",\" or \")\"");
      }
    }
    next();
    return List.copyOf(labels);
  }

  // ---- selectors ----------------------------------------------------------------------------

  private Expr selector(String name, int pos) {
    return VectorSelectors.parse(this, name, pos);
  }

  Token peek() {
    return tokens.get(i);
  }

  Token next() {
    Token t = tokens.get(i);
    if (i < tokens.size() - 1) {
      i++;
    }
    return t;
  }

  Token expect(Kind k, String context) {
    Token t = next();
    if (!t.is(k)) {
      throw unexpected(t, context + ", expected \"" + k.symbol + "\"");
    }
    return t;
  }

  Failure unexpected(Token t, String context) {
    String msg = "unexpected " + t.describe();
    if (context != null) {
      msg += " in " + context;
    }
    return new Failure(t.pos(), msg);
  }

  static double number(Token t) {
    String s = t.text().replace("_", "");
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    try {
      if (lower.startsWith("0x")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      if (s.length() > 1 && s.charAt(0) == '0' && s.chars().allMatch(c -> c >= '0' && c <= '7')) {
        return Long.parseLong(s, 8);
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new Failure(t.pos(), "bad number or duration syntax: \"" + t.text() + "\"");
    }
  }

  boolean lenientSelector() {
    return lenientSelector;
  }

  String input() {
    return input;
  }
}
