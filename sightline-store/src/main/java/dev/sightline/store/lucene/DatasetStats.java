package dev.sightline.store.lucene;

import java.time.Instant;

/**
 * Sizes and progress of one dataset of a {@link LuceneEventStore}, for the server's own metrics.
 *
 * @param dataset {@code spans} or {@code logs}
 * @param indexSizeBytes bytes of all day indices on disk
 * @param walSizeBytes bytes of the dataset's write-ahead log
 * @param documentCount live documents over all day indices (including ones not yet committed)
 * @param dayIndices how many day indices are open
 * @param lastCommit when the last commit finished, by the store's clock; null before the first
 * @param distinctFieldNames row field names indexed so far (seeded from the indices at start), against
 *     the store's cap (100,000 by default)
 * @param fieldsNotIndexed field occurrences stored but not indexed since start, because a record or the
 *     dataset reached its field-name cap
 * @param walFsyncs fsyncs of the write-ahead log since start (writers waiting at once share one)
 */
public record DatasetStats(String dataset, long indexSizeBytes, long walSizeBytes, long documentCount,
                           int dayIndices, Instant lastCommit, int distinctFieldNames, long fieldsNotIndexed,
                           long walFsyncs) {}
