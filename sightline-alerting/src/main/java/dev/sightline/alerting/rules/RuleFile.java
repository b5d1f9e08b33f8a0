package dev.sightline.alerting.rules;

import java.util.List;

/** The groups of one parsed and validated rule file. */
public record RuleFile(String path, List<RuleGroupConfig> groups) {
  public RuleFile {
    groups = List.copyOf(groups);
  }
}
