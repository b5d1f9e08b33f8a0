/**
 * The PromQL engine: {@link dev.sightline.query.promql.PromqlEngine} answers instant and range queries
 * as Prometheus 3 does, reading samples only through {@link dev.sightline.store.metrics.MetricQuerier}.
 *
 * <p>Design notes (why, not what):
 * <ul>
 *   <li>A range query is a loop of instant evaluations. Storage is read once per selector before the
 *       loop, over the union of the windows every step, subquery, offset and {@code @} can touch, so a
 *       step costs array slicing, not I/O. This keeps the evaluator small and makes "range result at t
 *       equals instant result at t" true by construction (the conformance runner checks it anyway).</li>
 *   <li>Prometheus 3 semantics: windows are left-open {@code (t - range, t]}, including the lookback
 *       of instant selectors; staleness markers end a series; {@code __name__} removal is delayed to the
 *       end of the query (as the upstream test scripts expect), so {@code label_replace} can still see
 *       a name that {@code rate} will drop.</li>
 *   <li>Numerics follow Prometheus's Go code where results would otherwise differ in the last digits or
 *       in special cases: compensated (Kahan-Neumaier) sums, its quantile interpolation, Go's
 *       {@code Pow}/{@code Max}/{@code Min} edge cases, NaN ordering of {@code slices.Sort}.</li>
 *   <li>Experimental features (functions, duration expressions, {@code fill} modifiers,
 *       {@code anchored}/{@code smoothed}, {@code info()}) are off unless the builder enables them, as in
 *       a stock Prometheus. Native histograms are not supported.</li>
 * </ul>
 *
 * <p>Everything under {@code internal} (lexer, parser, syntax tree, evaluator) is not API.
 */
package dev.sightline.query.promql;
