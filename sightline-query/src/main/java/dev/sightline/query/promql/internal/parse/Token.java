package dev.sightline.query.promql.internal.parse;

/** One lexical item: its kind, its text (unescaped for strings), and its span in the query. */
record Token(Kind kind, String text, int pos, int end) {
  enum Kind {
    EOF, IDENT, NUMBER, DURATION, STRING,
    LBRACE("{"), RBRACE("}"), LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"), COMMA(","),
    COLON(":"), AT("@"),
    ASSIGN("="), NEQ("!="), EQL_REGEX("=~"), NEQ_REGEX("!~"),
    EQLC("=="), GTR(">"), LSS("<"), GTE(">="), LTE("<="), ADD("+"), SUB("-"), MUL("*"), DIV("/"),
    MOD("%"), POW("^");

    final String symbol;

    Kind() {
      this(null);
    }

    Kind(String symbol) {
      this.symbol = symbol;
    }
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isIdent(String word) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(word);
  }

  /** How Prometheus describes an unexpected item: {@code identifier "foo"}, {@code <op:+>}, {@code "}"}. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case IDENT -> Keywords.describe(text);
      case NUMBER -> "number \"" + text + "\"";
      case DURATION -> "duration \"" + text + "\"";
      case STRING -> "string \"" + abbreviate(text) + "\"";
      case EQLC, NEQ, GTR, LSS, GTE, LTE, ADD, SUB, MUL, DIV, MOD, POW, EQL_REGEX, NEQ_REGEX, ASSIGN, AT ->
          "<op:" + kind.symbol + ">";
      default -> "\"" + kind.symbol + "\"";
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 10 ? s.substring(0, 10) + "..." : s;
  }
}
