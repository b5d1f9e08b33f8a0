package dev.sightline.query.lang.internal;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.TextTokenizer;
import dev.sightline.store.filter.Value;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a condition straight into a {@link Filter}: OR binds loosest, then AND, then NOT. Nesting (of
 * parentheses and NOT) is counted and capped, so hostile input ends in a ParseException long before the
 * Java stack does.
 */
final class ConditionParser {
  private final TokenStream in;
  private final int maxDepth;
  private final int maxInValues;
  private int depth;

  ConditionParser(TokenStream in, int maxDepth, int maxInValues) {
    this.in = in;
    this.maxDepth = maxDepth;
    this.maxInValues = maxInValues;
  }

  Filter parse() {
    return or();
  }

  private Filter or() {
    List<Filter> ops = new ArrayList<>();
    ops.add(and());
    while (in.acceptKeyword("OR")) {
      ops.add(and());
    }
    return ops.size() == 1 ? ops.get(0) : new Filter.Or(ops);
  }

  private Filter and() {
    List<Filter> ops = new ArrayList<>();
    ops.add(unary());
    while (in.acceptKeyword("AND")) {
      ops.add(unary());
    }
    return ops.size() == 1 ? ops.get(0) : new Filter.And(ops);
  }

  private Filter unary() {
    if (in.peekKeyword("NOT")) {
      Token not = in.next();
      enter(not);
      Filter operand = unary();
      depth--;
      return new Filter.Not(operand);
    }
    return primary();
  }

  private Filter primary() {
    Token t = in.peek();
    switch (t.type()) {
      case LPAREN -> {
        in.next();
        enter(t);
        Filter inner = or();
        in.expect(TokenType.RPAREN, "')' or AND/OR");
        depth--;
        return inner;
      }
      case STRING -> {
        in.next();
        return messageContains(t);
      }
      case IDENT, QUOTED_IDENT -> {
        return predicate();
      }
      default -> throw in.error(t, "a condition: a field name, a quoted 'text', NOT or '('");
    }
  }

  private Filter predicate() {
    Token fieldTok = in.next();
    String field = Fields.canonical(fieldTok.text());
    Token op = in.peek();
    if (in.acceptKeyword("NOT")) {
      Token after = in.peek();
      if (after.type() == TokenType.KEYWORD && !after.text().equals("NOT")) {
        return new Filter.Not(keywordPredicate(field, after));
      }
      throw in.error(after, "IN, CONTAINS, LIKE, MATCHES or EXISTS after NOT");
    }
    CompareOp cmp = switch (op.type()) {
      case EQ -> CompareOp.EQ;
      case NE -> CompareOp.NE;
      case LT -> CompareOp.LT;
      case LE -> CompareOp.LE;
      case GT -> CompareOp.GT;
      case GE -> CompareOp.GE;
      default -> null;
    };
    if (cmp != null) {
      in.next();
      Token lit = in.peek();
      Value v = literal(field);
      if (cmp.isOrdering() && v instanceof Value.BooleanValue) {
        throw in.error(lit, "a number, string or duration (booleans compare only with = and !=)");
      }
      return new Filter.Compare(field, cmp, v);
    }
    if (op.type() == TokenType.KEYWORD) {
      return keywordPredicate(field, op);
    }
    throw in.error(op, "an operator after field '" + Token.abbreviate(fieldTok.text())
        + "': = != < <= > >= IN CONTAINS LIKE MATCHES EXISTS (to search the message, quote the text: 'words')");
  }

  private Filter keywordPredicate(String field, Token op) {
    switch (op.text()) {
      case "IN" -> {
        in.next();
        in.expect(TokenType.LPAREN, "'(' after IN");
        List<Value> values = new ArrayList<>();
        do {
          if (values.size() == maxInValues) {
            throw in.error(in.peek(), "at most " + maxInValues + " values in an IN list");
          }
          values.add(literal(field));
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN, "',' or ')' in the IN list");
        return new Filter.In(field, values);
      }
      case "CONTAINS" -> {
        in.next();
        Token s = in.expect(TokenType.STRING, "a quoted 'text' after CONTAINS");
        return new Filter.Contains(field, searchText(s));
      }
      case "LIKE" -> {
        in.next();
        Token s = in.expect(TokenType.STRING, "a quoted 'pattern' after LIKE");
        if (s.text().length() > Filter.MAX_PATTERN_LENGTH) {
          throw in.error(s, "a LIKE pattern of at most " + Filter.MAX_PATTERN_LENGTH + " characters");
        }
        return new Filter.Like(field, s.text());
      }
      case "MATCHES" -> {
        in.next();
        Token s = in.expect(TokenType.STRING, "a quoted 'regular expression' after MATCHES");
        if (s.text().length() > Filter.MAX_PATTERN_LENGTH) {
          throw in.error(s, "a regular expression of at most " + Filter.MAX_PATTERN_LENGTH + " characters");
        }
        try {
          return new Filter.Matches(field, s.text());
        } catch (PatternSyntaxException e) {
          throw in.error(s, "a valid regular expression (" + e.getDescription() + " near index " + e.getIndex() + ")");
        }
      }
      case "EXISTS" -> {
        in.next();
        return new Filter.Exists(field);
      }
      default -> throw in.error(op,
          "an operator: = != < <= > >= IN CONTAINS LIKE MATCHES EXISTS");
    }
  }

  private Filter messageContains(Token s) {
    return new Filter.MessageContains(searchText(s));
  }

  private String searchText(Token s) {
    if (s.text().length() > Filter.MAX_PATTERN_LENGTH) {
      throw in.error(s, "search text of at most " + Filter.MAX_PATTERN_LENGTH + " characters");
    }
    if (TextTokenizer.tokens(s.text()).isEmpty()) {
      throw in.error(s, "text with at least one letter or digit to search for");
    }
    return s.text();
  }

  /** A literal; on {@code timestamp}, an ISO-8601 string becomes epoch nanoseconds. */
  private Value literal(String field) {
    Token t = in.next();
    return switch (t.type()) {
      case STRING -> {
        if (field.equals(Fields.TIMESTAMP)) {
          yield Value.of(isoToNanos(t));
        }
        yield Value.of(t.text());
      }
      case INTEGER -> Value.of(t.number().longValue());
      case DECIMAL -> Value.of(t.number().doubleValue());
      case DURATION -> Value.of(t.nanos());
      case KEYWORD -> switch (t.text()) {
        case "TRUE" -> Value.of(true);
        case "FALSE" -> Value.of(false);
        default -> throw in.error(t, "a value: 'string', number, duration, true or false");
      };
      default -> throw in.error(t, "a value: 'string', number, duration, true or false");
    };
  }

  private long isoToNanos(Token t) {
    try {
      Instant i = Instant.parse(t.text());
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw in.error(t, "a timestamp as an ISO-8601 instant such as '2026-11-23T19:30:00Z', or nanoseconds since the epoch");
    }
  }

  private void enter(Token t) {
    if (++depth > maxDepth) {
      throw in.error(t, "a condition nested at most " + maxDepth + " levels deep (parentheses and NOT)");
    }
  }
}
