package dev.sightline.store.filter;

/**
 * Thrown when evaluating a filter would exceed a safety budget, e.g. a {@code MATCHES} regular expression
 * that backtracks catastrophically on a value. The query fails cleanly instead of pinning a CPU.
 */
public final class FilterEvaluationException extends RuntimeException {
  public FilterEvaluationException(String message) {
    super(message);
  }
}
