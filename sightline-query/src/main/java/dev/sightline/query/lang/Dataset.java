package dev.sightline.query.lang;

import java.util.Locale;

/** The datasets one query language reads: log records and spans. */
public enum Dataset {
  LOGS,
  SPANS;

  /** The name as written in {@code FROM}. */
  public String queryName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
