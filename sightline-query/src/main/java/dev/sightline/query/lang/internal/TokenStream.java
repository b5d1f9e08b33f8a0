package dev.sightline.query.lang.internal;

import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.Position;
import java.util.List;

/** A cursor over the tokens of one query, with the error reporting every parser step shares. */
final class TokenStream {
  private final String src;
  private final List<Token> tokens;
  private int index;

  TokenStream(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(index);
  }

  /** The token {@code ahead} places after the current one (EOF past the end). */
  Token peekAt(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(index);
    if (t.type() != TokenType.EOF) {
      index++;
    }
    return t;
  }

  boolean peekKeyword(String keyword) {
    Token t = peek();
    return t.type() == TokenType.KEYWORD && t.text().equals(keyword);
  }

  boolean acceptKeyword(String keyword) {
    if (peekKeyword(keyword)) {
      index++;
      return true;
    }
    return false;
  }

  boolean accept(TokenType type) {
    if (peek().type() == type) {
      next();
      return true;
    }
    return false;
  }

  Token expect(TokenType type, String expected) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, expected);
    }
    return next();
  }

  void expectKeyword(String keyword, String expected) {
    if (!acceptKeyword(keyword)) {
      throw error(peek(), expected);
    }
  }

  Position position(Token t) {
    return Position.of(src, t.offset());
  }

  ParseException error(Token at, String expected) {
    return new ParseException(position(at), expected, at.describe());
  }
}
