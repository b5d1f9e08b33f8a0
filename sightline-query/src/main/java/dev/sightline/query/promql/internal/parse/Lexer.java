package dev.sightline.query.promql.internal.parse;

import dev.sightline.query.promql.internal.parse.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PromQL expression into tokens. Inside brackets a colon is the subquery separator; outside it
 * belongs to metric names ({@code job:rate5m}). A number directly followed by a unit is a duration.
 */
final class Lexer {
  private final String in;
  private final List<Token> out = new ArrayList<>();
  private int p;
  private int bracketDepth;

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.out;
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      if (p >= in.length()) {
        out.add(new Token(Kind.EOF, "", p, p));
        return;
      }
      int start = p;
      char c = in.charAt(p);
      if (isIdentStart(c)) {
        lexIdentifier(start);
      } else if (isDigit(c) || (c == '.' && p + 1 < in.length() && isDigit(in.charAt(p + 1)))) {
        lexNumberOrDuration(start);
      } else if (c == '"' || c == '\'' || c == '`') {
        lexString(start, c);
      } else {
        lexSymbol(start, c);
      }
    }
  }

  private void skipSpaceAndComments() {
    while (p < in.length()) {
      char c = in.charAt(p);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        p++;
      } else if (c == '#') {
        while (p < in.length() && in.charAt(p) != '\n') {
          p++;
        }
      } else {
        return;
      }
    }
  }

  private void lexIdentifier(int start) {
    while (p < in.length() && (isIdentPart(in.charAt(p)) || (in.charAt(p) == ':' && bracketDepth == 0))) {
      p++;
    }
    String word = in.substring(start, p);
    if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("nan")) {
      out.add(new Token(Kind.NUMBER, word, start, p));
    } else {
      out.add(new Token(Kind.IDENT, word, start, p));
    }
  }

  private void lexNumberOrDuration(int start) {
    if (in.startsWith("0x", p) || in.startsWith("0X", p)) {
      p += 2;
      while (p < in.length() && Character.digit(in.charAt(p), 16) >= 0) {
        p++;
      }
    } else {
      digits();
      if (p < in.length() && in.charAt(p) == '.') {
        p++;
        digits();
      }
      if (p < in.length() && (in.charAt(p) == 'e' || in.charAt(p) == 'E') && exponentFollows()) {
        p++;
        if (in.charAt(p) == '+' || in.charAt(p) == '-') {
          p++;
        }
        digits();
      }
    }
    if (p < in.length() && isUnitStart(in.charAt(p))) {
      // A duration: number-unit pairs such as 1h30m or 1.5s.
      while (p < in.length() && (isDigit(in.charAt(p)) || in.charAt(p) == '.' || isUnitStart(in.charAt(p)))) {
        p++;
      }
      if (p < in.length() && isIdentPart(in.charAt(p))) {
        throw error(start, "bad number or duration syntax: \"" + in.substring(start, p + 1) + "\"");
      }
      out.add(new Token(Kind.DURATION, in.substring(start, p), start, p));
      return;
    }
    if (p < in.length() && (isIdentPart(in.charAt(p)) || in.charAt(p) == '.')) {
      throw error(start, "bad number or duration syntax: \"" + in.substring(start, p + 1) + "\"");
    }
    out.add(new Token(Kind.NUMBER, in.substring(start, p), start, p));
  }

  private boolean exponentFollows() {
    int q = p + 1;
    if (q < in.length() && (in.charAt(q) == '+' || in.charAt(q) == '-')) {
      q++;
    }
    return q < in.length() && isDigit(in.charAt(q));
  }

  private void digits() {
    while (p < in.length() && (isDigit(in.charAt(p)) || in.charAt(p) == '_')) {
      p++;
    }
  }

  private void lexString(int start, char quote) {
    p++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (p >= in.length()) {
        throw error(start, "unterminated " + (quote == '`' ? "raw string" : "quoted string"));
      }
      char c = in.charAt(p++);
      if (c == quote) {
        break;
      }
      if (quote == '`') {
        sb.append(c);
        continue;
      }
      if (c == '\n') {
        throw error(start, "unterminated quoted string");
      }
      if (c != '\\') {
        flushBytes(sb);
        sb.append(c);
        continue;
      }
      if (p >= in.length()) {
        throw error(start, "unterminated quoted string");
      }
      unescape(sb, quote);
    }
    flushBytes(sb);
    out.add(new Token(Kind.STRING, sb.toString(), start, p));
  }

  /** Raw bytes from \x and octal escapes, decoded together once the run ends (Go strings are bytes). */
  private final java.io.ByteArrayOutputStream pendingBytes = new java.io.ByteArrayOutputStream();

  private void flushBytes(StringBuilder sb) {
    if (pendingBytes.size() > 0) {
      sb.append(RawBytes.decode(pendingBytes.toByteArray()));
      pendingBytes.reset();
    }
  }

  /** Go string escapes, which is what PromQL strings use. */
  private void unescape(StringBuilder sb, char quote) {
    int escPos = p - 1;
    char e = in.charAt(p++);
    if (e == 'x') {
      pendingBytes.write(hex(2, escPos));
      return;
    }
    if (e >= '0' && e <= '7') {
      int v = e - '0';
      for (int i = 0; i < 2; i++) {
        if (p >= in.length() || in.charAt(p) < '0' || in.charAt(p) > '7') {
          throw error(escPos, "unknown escape sequence");
        }
        v = v * 8 + (in.charAt(p++) - '0');
      }
      if (v > 255) {
        throw error(escPos, "octal escape value > 255");
      }
      pendingBytes.write(v);
      return;
    }
    flushBytes(sb);
    switch (e) {
      case 'a' -> sb.append('\u0007');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'v' -> sb.append('\u000b');
      case '\\' -> sb.append('\\');
      case 'u' -> sb.appendCodePoint(hex(4, escPos));
      case 'U' -> sb.appendCodePoint(hex(8, escPos));
      default -> {
        if (e == quote) {
          sb.append(e);
        } else {
          throw error(escPos, "unknown escape sequence " + "'\\" + e + "'");
        }
      }
    }
  }

  private int hex(int n, int escPos) {
    if (p + n > in.length()) {
      throw error(escPos, "unterminated escape sequence");
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      int d = Character.digit(in.charAt(p++), 16);
      if (d < 0) {
        throw error(escPos, "illegal character in escape sequence");
      }
      v = v * 16 + d;
    }
    if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
      throw error(escPos, "escape sequence is an invalid Unicode code point");
    }
    return v;
  }

  private void lexSymbol(int start, char c) {
    char n = p + 1 < in.length() ? in.charAt(p + 1) : 0;
    Kind k;
    int len = 1;
    switch (c) {
      case '{' -> k = Kind.LBRACE;
      case '}' -> k = Kind.RBRACE;
      case '(' -> k = Kind.LPAREN;
      case ')' -> k = Kind.RPAREN;
      case '[' -> {
        k = Kind.LBRACKET;
        bracketDepth++;
      }
      case ']' -> {
        k = Kind.RBRACKET;
        bracketDepth = Math.max(0, bracketDepth - 1);
      }
      case ',' -> k = Kind.COMMA;
      case ':' -> k = Kind.COLON;
      case '@' -> k = Kind.AT;
      case '+' -> k = Kind.ADD;
      case '-' -> k = Kind.SUB;
      case '*' -> k = Kind.MUL;
      case '/' -> k = Kind.DIV;
      case '%' -> k = Kind.MOD;
      case '^' -> k = Kind.POW;
      case '=' -> {
        if (n == '=') {
          k = Kind.EQLC;
          len = 2;
        } else if (n == '~') {
          k = Kind.EQL_REGEX;
          len = 2;
        } else {
          k = Kind.ASSIGN;
        }
      }
      case '!' -> {
        if (n == '=') {
          k = Kind.NEQ;
        } else if (n == '~') {
          k = Kind.NEQ_REGEX;
        } else {
          throw error(start, "unexpected character after '!': " + quoteChar(n));
        }
        len = 2;
      }
      case '>' -> {
        k = n == '=' ? Kind.GTE : Kind.GTR;
        len = n == '=' ? 2 : 1;
      }
      case '<' -> {
        k = n == '=' ? Kind.LTE : Kind.LSS;
        len = n == '=' ? 2 : 1;
      }
      default -> throw error(start, "unexpected character: " + quoteChar(c));
    }
    p += len;
    out.add(new Token(k, in.substring(start, p), start, p));
  }

  private static String quoteChar(char c) {
    return c == 0 ? "end of input" : "'" + c + "'";
  }

  private ParseErrors.Failure error(int pos, String msg) {
    return new ParseErrors.Failure(pos, msg);
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUnitStart(char c) {
    return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'y';
  }
}
