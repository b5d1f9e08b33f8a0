package dev.sightline.query.lang.internal;

/** Kinds of tokens of the Sightline query language. */
public enum TokenType {
  /** A bare word that is not a reserved keyword: a field or function name. */
  IDENT,
  /** A field name in backquotes or double quotes; may contain any character. */
  QUOTED_IDENT,
  /** A reserved word (text upper-cased): SELECT, FROM, AND... */
  KEYWORD,
  /** A single-quoted string literal (text unescaped). */
  STRING,
  INTEGER,
  DECIMAL,
  /** A number with a time unit: {@code 1m}, {@code 250ms}, {@code 1.5s}. */
  DURATION,
  LPAREN,
  RPAREN,
  COMMA,
  STAR,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  EOF
}
