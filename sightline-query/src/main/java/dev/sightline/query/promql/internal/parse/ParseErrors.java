package dev.sightline.query.promql.internal.parse;

import dev.sightline.query.promql.PromqlParseException;

/** Turns an offset into Prometheus's {@code line:column} and raises the public parse error. */
final class ParseErrors {
  private ParseErrors() {}

  /** Internal carrier of an offset; converted once, at the parser's entry point. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int pos;

    Failure(int pos, String message) {
      super(message, null, false, false);
      this.pos = pos;
    }
  }

  static PromqlParseException toException(String input, Failure f) {
    int line = 1;
    int col = 1;
    int end = Math.min(Math.max(f.pos, 0), input.length());
    for (int i = 0; i < end; i++) {
      if (input.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new PromqlParseException(line, col, f.getMessage());
  }
}
