package dev.sightline.alerting.rules;

import dev.sightline.alerting.rules.template.TemplateContext;
import dev.sightline.alerting.rules.template.TemplateSample;
import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.query.promql.PromqlValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How rules query, as Prometheus's EngineQueryFunc: a vector as is, a scalar as one unlabelled sample,
 * anything else an error. Also the {@code query} function of templates, and what templates see around it.
 */
record RuleQuery(PromqlEngine engine, Map<String, String> externalLabels, String externalUrl) {
  List<InstantSample> vector(String expr, Instant t) {
    PromqlValue v = engine.instantQuery(expr, t).value();
    return switch (v) {
      case PromqlValue.Vector vec -> vec.samples();
      case PromqlValue.Scalar s -> List.of(new InstantSample(Labels.empty(), s.timestampMs(), s.value()));
      default -> throw new IllegalStateException("rule result is not a vector or scalar");
    };
  }

  TemplateContext.Query templateQuery() {
    return (expr, t) -> {
      List<TemplateSample> out = new ArrayList<>();
      for (InstantSample s : vector(expr, t)) {
        out.add(new TemplateSample(s.labels().asMap(), s.value()));
      }
      return out;
    };
  }

  TemplateContext context(Labels labels, double value, Instant t) {
    return new TemplateContext(labels.asMap(), value, externalLabels, externalUrl, t, templateQuery());
  }
}
