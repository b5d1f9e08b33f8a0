package dev.sightline.alerting.rules.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rule template sees: {@code $labels}/{@code .Labels}, {@code $value}/{@code .Value},
 * {@code $externalLabels}, {@code $externalURL}, and the {@code query} function evaluated at
 * {@code time} (null {@code query} makes the function fail with a clear message).
 */
public record TemplateContext(Map<String, String> labels, double value, Map<String, String> externalLabels,
                              String externalUrl, Instant time, Query query) {
  public TemplateContext {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    externalLabels = externalLabels == null ? Map.of() : Map.copyOf(externalLabels);
    externalUrl = externalUrl == null ? "" : externalUrl;
    time = time == null ? Instant.EPOCH : time;
  }

  public static TemplateContext of(Map<String, String> labels, double value) {
    return new TemplateContext(labels, value, Map.of(), "", Instant.EPOCH, null);
  }

  /** Runs a PromQL expression for the {@code query} template function. */
  @FunctionalInterface
  public interface Query {
    /** The instant vector (a scalar becomes one unlabelled sample); throws with the engine's message. */
    List<TemplateSample> run(String expr, Instant time) throws Exception;
  }
}
