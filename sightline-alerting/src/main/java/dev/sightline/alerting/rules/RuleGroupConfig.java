package dev.sightline.alerting.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule group as written in a rule file. {@code interval} and {@code queryOffset} are null when the
 * file leaves them to the global settings; {@code limit} 0 means no limit; {@code labels} (Prometheus 3)
 * are added to every rule's result. {@code file} names the file it came from.
 */
public record RuleGroupConfig(String name, String file, Duration interval, Duration queryOffset, int limit,
                              Map<String, String> labels, List<RuleConfig> rules, int line) {
  public RuleGroupConfig {
    file = file == null ? "" : file;
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    rules = List.copyOf(rules);
  }

  public static RuleGroupConfig of(String name, Duration interval, List<RuleConfig> rules) {
    return new RuleGroupConfig(name, "", interval, null, 0, Map.of(), rules, 0);
  }

  /** Identity across reloads, as Prometheus keys groups: file and name. */
  public String key() {
    return file + ";" + name;
  }

  /** Equality ignoring source lines: an unchanged group keeps running untouched on reload. */
  public boolean sameDefinition(RuleGroupConfig o) {
    if (!(name.equals(o.name) && file.equals(o.file) && java.util.Objects.equals(interval, o.interval)
        && java.util.Objects.equals(queryOffset, o.queryOffset) && limit == o.limit && labels.equals(o.labels)
        && rules.size() == o.rules.size())) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).sameDefinition(o.rules.get(i))) {
        return false;
      }
    }
    return true;
  }
}
