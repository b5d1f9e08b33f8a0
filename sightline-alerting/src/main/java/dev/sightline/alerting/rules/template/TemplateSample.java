package dev.sightline.alerting.rules.template;

import java.util.Map;
import java.util.TreeMap;

/**
 * One element of a {@code query} result inside a template, as Prometheus exposes it:
 * {@code {{ range query "up" }}{{ .Labels.instance }} {{ .Value }}{{ end }}}. Labels include
 * {@code __name__} when the series has one.
 */
public record TemplateSample(Map<String, String> labels, double value) {
  public TemplateSample {
    labels = Map.copyOf(labels);
  }

  @Override
  public String toString() {
    return "{" + dev.sightline.alerting.rules.template.internal.GoFormat.print(new TreeMap<>(labels)) + " "
        + dev.sightline.alerting.rules.template.internal.GoFormat.print(value) + "}";
  }
}
