package dev.sightline.alerting.rules;

import java.time.Instant;
import java.util.List;

/**
 * One group as /api/v1/rules shows it ({@code name}, {@code file}, {@code interval} in seconds,
 * {@code limit}, {@code rules}, {@code evaluationTime} in seconds, {@code lastEvaluation}), plus counters
 * for Sightline's own metrics: evaluations, failed rule evaluations, and missed iterations.
 */
public record RuleGroupStatus(String name, String file, double intervalSeconds, int limit, List<RuleStatus> rules,
                              double evaluationTimeSeconds, Instant lastEvaluation, long evaluations,
                              long evaluationFailures, long missedIterations) {
  public RuleGroupStatus {
    rules = List.copyOf(rules);
  }
}
