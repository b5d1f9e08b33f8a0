package dev.sightline.query.lang.exec;

/**
 * What a query execution did.
 *
 * @param rowsScanned rows handed to the execution
 * @param rowsMatched of those, rows that matched the filter
 * @param groups      groups built (0 for a query that does not aggregate)
 * @param elapsedNanos time from start to finish on the executor's clock
 * @param truncated   whether more result rows existed than were returned (no LIMIT, default applied;
 *                    or the execution stopped reading once the limit was reached)
 */
public record QueryStats(long rowsScanned, long rowsMatched, long groups, long elapsedNanos, boolean truncated) {}
