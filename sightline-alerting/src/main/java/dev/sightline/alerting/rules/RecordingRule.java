package dev.sightline.alerting.rules;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InstantSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A recording rule: its result is written under the rule's name with its labels at the evaluation time. */
public final class RecordingRule extends Rule {
  RecordingRule(RuleConfig config, Map<String, String> groupLabels) {
    super(config, groupLabels);
  }

  /** The samples to write; throws with Prometheus's wording on duplicates or an exceeded limit. */
  List<InstantSample> eval(RuleQuery q, Instant queryTime, int limit) {
    List<InstantSample> out = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    for (InstantSample s : q.vector(config.expr(), queryTime)) {
      Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, config.record());
      labels.forEach(b::set);
      Labels l = b.build();
      if (!seen.add(l)) {
        throw new IllegalStateException("vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new InstantSample(l, queryTime.toEpochMilli(), s.value()));
    }
    if (limit > 0 && out.size() > limit) {
      throw new IllegalStateException("exceeded limit of " + limit + " with " + out.size() + " series");
    }
    return out;
  }

  @Override
  RuleStatus status() {
    return new RuleStatus("recording", name(), config.expr(), 0, 0, labels, Map.of(), List.of(), health.apiName(),
        lastError, evaluationTime.toNanos() / 1e9, lastEvaluation, null);
  }
}
