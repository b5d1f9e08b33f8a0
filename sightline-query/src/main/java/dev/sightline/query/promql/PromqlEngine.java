package dev.sightline.query.promql;

import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.eval.Evaluator;
import dev.sightline.query.promql.internal.eval.QueryRunner;
import dev.sightline.query.promql.internal.parse.PromqlParser;
import dev.sightline.store.metrics.MetricQuerier;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Answers PromQL queries as Prometheus 3 does, reading samples only through {@link MetricQuerier}.
 *
 * <pre>{@code
 * PromqlEngine engine = PromqlEngine.builder(tsdb).lookbackDelta(Duration.ofMinutes(5)).build();
 * QueryResult r = engine.rangeQuery("sum by (job) (rate(http_requests_total[5m]))",
 *     start, end, Duration.ofSeconds(15));
 * }</pre>
 *
 * Semantics: instant selectors look back (t - lookback, t] and stop at staleness markers; range
 * selectors and subqueries cover the left-open window (t - range, t]; {@code __name__} is removed at the
 * end of the query from results of functions and arithmetic (delayed name removal). The engine holds no
 * state between queries and is safe to share between threads.
 */
public final class PromqlEngine {
  /** Prometheus's limit on points per series in a range query. */
  public static final int MAX_POINTS_PER_SERIES = 11_000;

  private final MetricQuerier querier;
  private final Duration lookbackDelta;
  private final Duration timeout;
  private final int maxSamples;
  private final Duration defaultSubqueryStep;
  private final boolean experimentalFunctions;
  private final Clock clock;

  private PromqlEngine(Builder b) {
    this.querier = b.querier;
    this.lookbackDelta = b.lookbackDelta;
    this.timeout = b.timeout;
    this.maxSamples = b.maxSamples;
    this.defaultSubqueryStep = b.defaultSubqueryStep;
    this.experimentalFunctions = b.experimentalFunctions;
    this.clock = b.clock;
  }

  public static Builder builder(MetricQuerier querier) {
    return new Builder(querier);
  }

  /** Checks syntax and types only. Throws {@link PromqlParseException}. */
  public void validate(String expr) {
    PromqlParser.parse(expr, experimentalFunctions);
  }

  /** Evaluates at one instant; the value is a scalar, string, vector or (for a range selector) matrix. */
  public QueryResult instantQuery(String expr, Instant time) {
    Expr e = PromqlParser.parse(expr, experimentalFunctions, 0, 0);
    try {
      return QueryRunner.instant(settings(), expr, e, time.toEpochMilli());
    } catch (UncheckedIOException ex) {
      throw new PromqlException(Kind.EXECUTION, "error reading storage: " + ex.getCause().getMessage(), ex);
    }
  }

  /**
   * Evaluates at start, start+step, ... up to end (inclusive); always a matrix. The expression must be a
   * scalar or instant vector.
   */
  public QueryResult rangeQuery(String expr, Instant start, Instant end, Duration step) {
    if (step.isZero() || step.isNegative()) {
      throw new PromqlException(Kind.BAD_DATA,
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (end.isBefore(start)) {
      throw new PromqlException(Kind.BAD_DATA, "end timestamp must not be before start time");
    }
    long startMs = start.toEpochMilli();
    long endMs = end.toEpochMilli();
    long stepMs = Math.max(1, step.toMillis());
    if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
      throw new PromqlException(Kind.BAD_DATA, "exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    Expr e = PromqlParser.parse(expr, experimentalFunctions, stepMs, endMs - startMs);
    try {
      return QueryRunner.range(settings(), expr, e, startMs, endMs, stepMs);
    } catch (UncheckedIOException ex) {
      throw new PromqlException(Kind.EXECUTION, "error reading storage: " + ex.getCause().getMessage(), ex);
    }
  }

  private Evaluator.Settings settings() {
    long deadline = clock.millis() + timeout.toMillis();
    return new Evaluator.Settings(querier, lookbackDelta.toMillis(), defaultSubqueryStep.toMillis(), maxSamples,
        deadline, clock::millis);
  }

  /** Options, defaulting to Prometheus's: lookback 5m, timeout 2m, 50M samples, subquery step 1m. */
  public static final class Builder {
    private final MetricQuerier querier;
    private Duration lookbackDelta = Duration.ofMinutes(5);
    private Duration timeout = Duration.ofMinutes(2);
    private int maxSamples = 50_000_000;
    private Duration defaultSubqueryStep = Duration.ofMinutes(1);
    private boolean experimentalFunctions;
    private Clock clock = Clock.systemUTC();

    private Builder(MetricQuerier querier) {
      this.querier = Objects.requireNonNull(querier, "querier");
    }

    public Builder lookbackDelta(Duration d) {
      this.lookbackDelta = positive(d, "lookbackDelta");
      return this;
    }

    public Builder timeout(Duration d) {
      this.timeout = positive(d, "timeout");
      return this;
    }

    /** Most samples a query may hold at once; beyond it the query fails as Prometheus's does. */
    public Builder maxSamples(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxSamples must be positive");
      }
      this.maxSamples = n;
      return this;
    }

    /** Step for subqueries written without one ({@code x[1h:]}); Prometheus uses the evaluation interval. */
    public Builder defaultSubqueryStep(Duration d) {
      this.defaultSubqueryStep = positive(d, "defaultSubqueryStep");
      return this;
    }

    /**
     * Allows what Prometheus gates behind feature flags: experimental functions
     * ({@code promql-experimental-functions}) and duration expressions ({@code promql-duration-expr}).
     */
    public Builder experimentalFunctions(boolean enabled) {
      this.experimentalFunctions = enabled;
      return this;
    }

    /** The clock the query timeout is measured on. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public PromqlEngine build() {
      return new PromqlEngine(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
