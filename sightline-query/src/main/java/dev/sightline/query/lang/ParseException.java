package dev.sightline.query.lang;

import java.util.Objects;

/**
 * A query that cannot be read or does not make sense. The message names where and what, e.g.
 * {@code line 1, column 17 (offset 16): expected FROM but found 'FORM'}; the parts are available
 * separately so that an API can answer 400 with a structured body and a UI can underline the spot.
 */
public final class ParseException extends IllegalArgumentException {
  private final Position position;
  private final String expected;
  private final String found;

  /**
   * @param expected what the parser wanted there ("FROM", "a value", "a number between 0 and 1")
   * @param found    what it found, as shown to the user ("'FORM'", "end of input"); may be empty
   */
  public ParseException(Position position, String expected, String found) {
    super(position + ": expected " + expected + (found.isEmpty() ? "" : " but found " + found));
    this.position = Objects.requireNonNull(position);
    this.expected = Objects.requireNonNull(expected);
    this.found = Objects.requireNonNull(found);
  }

  public Position position() {
    return position;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
