package dev.sightline.query.lang.internal;

/**
 * A token: {@code text} is the unescaped content for strings and quoted identifiers, the upper-cased word
 * for keywords, the source text otherwise. {@code nanos} is set for durations, {@code number} for numbers.
 */
public record Token(TokenType type, String text, int offset, int end, long nanos, Number number) {

  static Token of(TokenType type, String text, int offset, int end) {
    return new Token(type, text, offset, end, 0, null);
  }

  /** How the token is shown in an error message. */
  public String describe() {
    return switch (type) {
      case EOF -> "end of input";
      case STRING -> "string '" + abbreviate(text) + "'";
      case QUOTED_IDENT -> "field \"" + abbreviate(text) + "\"";
      case KEYWORD -> text;
      default -> "'" + abbreviate(text) + "'";
    };
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
