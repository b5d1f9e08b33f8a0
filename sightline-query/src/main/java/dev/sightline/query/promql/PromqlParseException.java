package dev.sightline.query.promql;

/**
 * A syntax or type error in a PromQL expression, worded as Prometheus words it:
 * {@code 1:5: parse error: unexpected <op:+>}. Line and column are 1-based.
 */
public final class PromqlParseException extends PromqlException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String detail;

  public PromqlParseException(int line, int column, String detail) {
    super(Kind.BAD_DATA, line + ":" + column + ": parse error: " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message without its position prefix. */
  public String detail() {
    return detail;
  }
}
