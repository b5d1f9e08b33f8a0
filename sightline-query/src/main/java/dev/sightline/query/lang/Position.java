package dev.sightline.query.lang;

/**
 * A place in the query text: {@code offset} counts UTF-16 chars from 0; {@code line} and {@code column}
 * count from 1, the column in code points so that it matches what an editor shows.
 */
public record Position(int offset, int line, int column) {

  /** The position of {@code offset} inside {@code text}. */
  public static Position of(String text, int offset) {
    int line = 1;
    int column = 1;
    int end = Math.min(offset, text.length());
    for (int i = 0; i < end; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Position(offset, line, column);
  }

  @Override
  public String toString() {
    return "line " + line + ", column " + column + " (offset " + offset + ")";
  }
}
