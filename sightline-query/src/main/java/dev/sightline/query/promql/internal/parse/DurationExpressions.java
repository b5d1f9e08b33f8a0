package dev.sightline.query.promql.internal.parse;

import dev.sightline.query.promql.internal.ast.BinOp;
import dev.sightline.query.promql.internal.parse.ParseErrors.Failure;
import dev.sightline.query.promql.internal.parse.Token.Kind;
import java.util.Locale;

/**
 * Duration expressions (Prometheus's experimental {@code promql-duration-expr}): arithmetic over
 * numbers (seconds), durations, {@code step()}, {@code range()}, {@code min_of()} and {@code max_of()},
 * evaluated while parsing because step and range are known per query.
 */
final class DurationExpressions {
  private final PromqlParser p;

  DurationExpressions(PromqlParser p) {
    this.p = p;
  }

  static long toMillis(double secs, Token at) {
    if (Double.isNaN(secs) || Double.isInfinite(secs) || Math.abs(secs) > 9.2e15) {
      throw new Failure(at.pos(), "invalid duration: " + secs);
    }
    return Math.round(secs * 1000);
  }

  /** Arithmetic over numbers (seconds), durations, step(), range(), min_of(), max_of(); in seconds. */
  double expr(int minPrec) {
    double lhs;
    if (p.peek().is(Kind.SUB) || p.peek().is(Kind.ADD)) {
      boolean neg = p.next().is(Kind.SUB);
      double v = expr(BinOp.MUL.precedence() + 1);
      lhs = neg ? -v : v;
    } else {
      lhs = primary();
    }
    while (true) {
      BinOp op = PromqlParser.binOp(p.peek());
      if (op == null || op.isComparison() || op.isSetOperator() || op == BinOp.ATAN2 || op.precedence() < minPrec) {
        return lhs;
      }
      p.next();
      double rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = switch (op) {
        case ADD -> lhs + rhs;
        case SUB -> lhs - rhs;
        case MUL -> lhs * rhs;
        case DIV -> lhs / rhs;
        case MOD -> lhs % rhs;
        default -> Math.pow(lhs, rhs);
      };
    }
  }

  double primary() {
    Token t = p.next();
    switch (t.kind()) {
      case NUMBER -> {
        return PromqlParser.number(t);
      }
      case DURATION -> {
        return p.durationValue(t) / 1000.0;
      }
      case LPAREN -> {
        double v = expr(0);
        p.expect(Kind.RPAREN, "duration expression");
        return v;
      }
      case IDENT -> {
        String name = t.text().toLowerCase(Locale.ROOT);
        if (!p.peek().is(Kind.LPAREN)) {
          throw p.unexpected(t, "duration expression");
        }
        p.next();
        switch (name) {
          case "step", "range" -> {
            p.expect(Kind.RPAREN, "duration expression");
            return (name.equals("step") ? p.stepMs() : p.rangeMs()) / 1000.0;
          }
          case "min_of", "max_of" -> {
            double a = expr(0);
            p.expect(Kind.COMMA, "duration expression");
            double b = expr(0);
            p.expect(Kind.RPAREN, "duration expression");
            return name.equals("min_of") ? Math.min(a, b) : Math.max(a, b);
          }
          default -> throw p.unexpected(t, "duration expression");
        }
      }
      default -> throw p.unexpected(t, "duration expression, expected duration");
    }
  }
}
