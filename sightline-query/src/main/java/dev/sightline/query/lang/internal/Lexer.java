package dev.sightline.query.lang.internal;

import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits query text into tokens in one linear pass. Keywords are case-insensitive; identifiers may hold
 * dots and (after the first character) hyphens, so {@code resource.service.name} and
 * {@code x-request-id} are single field names (the language has no arithmetic to confuse them with).
 */
public final class Lexer {
  public static final Set<String> KEYWORDS = Set.of(
      "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "ASC", "DESC", "LIMIT", "AS",
      "AND", "OR", "NOT", "IN", "CONTAINS", "LIKE", "MATCHES", "EXISTS", "TRUE", "FALSE");

  private final String src;
  private int pos;

  private Lexer(String src) {
    this.src = src;
  }

  /** All tokens of {@code src}, ending with an EOF token. */
  public static List<Token> tokenize(String src) {
    Lexer lexer = new Lexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.type() != TokenType.EOF);
    return out;
  }

  private Token next() {
    skipWhitespace();
    if (pos >= src.length()) {
      return Token.of(TokenType.EOF, "", pos, pos);
    }
    int start = pos;
    char c = src.charAt(pos);
    switch (c) {
      case '(': pos++; return Token.of(TokenType.LPAREN, "(", start, pos);
      case ')': pos++; return Token.of(TokenType.RPAREN, ")", start, pos);
      case ',': pos++; return Token.of(TokenType.COMMA, ",", start, pos);
      case '*': pos++; return Token.of(TokenType.STAR, "*", start, pos);
      case '=':
        pos += peek(1) == '=' ? 2 : 1;
        return Token.of(TokenType.EQ, src.substring(start, pos), start, pos);
      case '!':
        if (peek(1) == '=') {
          pos += 2;
          return Token.of(TokenType.NE, "!=", start, pos);
        }
        throw error(start, "'!=' (a lone '!' is not an operator; use NOT)", "'!'");
      case '<':
        if (peek(1) == '=') {
          pos += 2;
          return Token.of(TokenType.LE, "<=", start, pos);
        }
        if (peek(1) == '>') {
          pos += 2;
          return Token.of(TokenType.NE, "<>", start, pos);
        }
        pos++;
        return Token.of(TokenType.LT, "<", start, pos);
      case '>':
        if (peek(1) == '=') {
          pos += 2;
          return Token.of(TokenType.GE, ">=", start, pos);
        }
        pos++;
        return Token.of(TokenType.GT, ">", start, pos);
      case '\'': return quoted('\'', TokenType.STRING, "string");
      case '"': return quoted('"', TokenType.QUOTED_IDENT, "quoted field name");
      case '`': return quoted('`', TokenType.QUOTED_IDENT, "quoted field name");
      default:
        break;
    }
    if (isDigit(c) || ((c == '-' || c == '+') && isDigit(peek(1))) || (c == '.' && isDigit(peek(1)))) {
      return number();
    }
    if (isIdentStart(c)) {
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      String word = src.substring(start, pos);
      String upper = word.toUpperCase(Locale.ROOT);
      if (KEYWORDS.contains(upper)) {
        return Token.of(TokenType.KEYWORD, upper, start, pos);
      }
      return Token.of(TokenType.IDENT, word, start, pos);
    }
    int cp = src.codePointAt(pos);
    throw error(start, "a field name, a value, an operator or a keyword",
        "unexpected character '" + new String(Character.toChars(cp)) + "' (U+"
            + String.format(Locale.ROOT, "%04X", cp) + ")");
  }

  private Token quoted(char quote, TokenType type, String what) {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      int close = src.indexOf(quote, pos);
      if (close < 0) {
        throw error(start, "a closing " + quote + " for the " + what + " that starts here", "end of input");
      }
      sb.append(src, pos, close);
      if (close + 1 < src.length() && src.charAt(close + 1) == quote) { // doubled quote = one literal quote
        sb.append(quote);
        pos = close + 2;
      } else {
        pos = close + 1;
        break;
      }
    }
    if (type == TokenType.QUOTED_IDENT && sb.isEmpty()) {
      throw error(start, "a field name between the quotes", "an empty quoted name");
    }
    return Token.of(type, sb.toString(), start, pos);
  }

  private Token number() {
    int start = pos;
    if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
      pos++;
    }
    boolean decimal = false;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos < src.length() && src.charAt(pos) == '.' && isDigit(peek(1))) {
      decimal = true;
      pos++;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
        && (isDigit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && isDigit(peek(2))))) {
      decimal = true;
      pos += 2;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    int numberEnd = pos;
    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
      pos++;
    }
    String text = src.substring(start, pos);
    String digits = src.substring(start, numberEnd);
    if (pos > numberEnd) {
      String unit = src.substring(numberEnd, pos);
      long unitNanos = DurationUnits.nanosPerUnit(unit);
      if (unitNanos < 0) {
        throw error(start, "a number, a duration such as 250ms or 1m, or a quoted string",
            "'" + Token.abbreviate(text) + "' (put text in single quotes)");
      }
      BigDecimal nanos = new BigDecimal(digits).multiply(BigDecimal.valueOf(unitNanos));
      try {
        return new Token(TokenType.DURATION, text, start, pos, nanos.setScale(0, java.math.RoundingMode.HALF_UP)
            .longValueExact(), null);
      } catch (ArithmeticException e) {
        throw error(start, "a duration that fits in 64-bit nanoseconds (about 292 years)", "'" + Token.abbreviate(text) + "'");
      }
    }
    if (decimal) {
      double d = Double.parseDouble(digits);
      if (Double.isInfinite(d)) {
        throw error(start, "a number within the range of a double", "'" + Token.abbreviate(text) + "'");
      }
      return new Token(TokenType.DECIMAL, text, start, pos, 0, d);
    }
    try {
      return new Token(TokenType.INTEGER, text, start, pos, 0, Long.parseLong(digits));
    } catch (NumberFormatException e) {
      throw error(start, "an integer within the 64-bit range", "'" + Token.abbreviate(text) + "'");
    }
  }

  private void skipWhitespace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@';
  }

  private ParseException error(int offset, String expected, String found) {
    return new ParseException(Position.of(src, offset), expected, found);
  }
}
