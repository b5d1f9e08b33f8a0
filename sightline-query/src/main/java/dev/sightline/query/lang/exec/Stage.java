package dev.sightline.query.lang.exec;

import java.util.List;
import java.util.Map;

/** The part of an execution after filtering: collecting rows or aggregating groups. */
interface Stage {
  /** Takes one matching row; false when no later row can change the result. */
  boolean accept(Map<String, ?> row);

  /** The result rows, ordered and limited. */
  List<Map<String, Object>> finish();

  long groups();

  boolean truncated();
}
