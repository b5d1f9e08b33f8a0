package dev.sightline.alerting.rules;

/**
 * One problem in a rule file, located as promtool locates it. {@code line}/{@code column} are 1-based,
 * 0 when unknown; {@code ruleIndex} is 1-based within the group, 0 for a group-level problem.
 *
 * <p>{@link #toString()} reads {@code rules.yml:5:15: group "api", rule 1, "HighErrors": could not
 * parse expression: 1:6: parse error: ...}.
 */
public record RuleError(String file, int line, int column, String group, int ruleIndex, String ruleName,
                        String message) {
  public RuleError {
    file = file == null ? "" : file;
    group = group == null ? "" : group;
    ruleName = ruleName == null ? "" : ruleName;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
      if (column > 0) {
        b.append(':').append(column);
      }
    }
    b.append(": ");
    if (!group.isEmpty() || ruleIndex > 0) {
      b.append("group \"").append(group).append('"');
      if (ruleIndex > 0) {
        b.append(", rule ").append(ruleIndex).append(", \"").append(ruleName).append('"');
      }
      b.append(": ");
    }
    return b.append(message).toString();
  }
}
