package dev.sightline.instrument.health;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One health check: returns normally when healthy, throws when not. The exception's message (or its class
 * name when it has none) becomes the error text of the report, so throw something a person can act on:
 * {@code throw new IllegalStateException("connection pool exhausted (20/20 in use)")}.
 *
 * <p>A check may block; the registry runs it on its own thread, bounds it by the check's timeout and
 * caches its result, so a check can simply do the real thing ({@code dataSource.getConnection().close()}).
 */
@FunctionalInterface
public interface HealthCheck {

  /** Runs the check; throws any exception to report the check as down. */
  void check() throws Exception;

  /** A check that is down with {@code failureMessage} whenever {@code condition} is false. */
  static HealthCheck of(BooleanSupplier condition, String failureMessage) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(failureMessage, "failureMessage");
    return () -> {
      if (!condition.getAsBoolean()) {
        throw new IllegalStateException(failureMessage);
      }
    };
  }
}
