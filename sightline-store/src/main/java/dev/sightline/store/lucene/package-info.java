/**
 * The embedded event store on Apache Lucene ({@link dev.sightline.store.lucene.LuceneEventStore}).
 *
 * <p>Layout: {@code dataDir/<dataset>/wal/} (a {@link dev.sightline.store.wal.WriteAheadLog}) and one
 * Lucene index per UTC day, {@code dataDir/<dataset>/yyyy-MM-dd/}, chosen by the event's timestamp (a
 * span's start), so retention deletes whole directories instead of running delete-by-query merges.
 *
 * <p>Why these choices:
 * <ul>
 *   <li>The WAL, not the Lucene commit, is the acknowledgement point: a Lucene commit fsyncs every new
 *       segment file and costs tens of milliseconds, while one WAL append per batch costs one fsync.
 *       Commits run every few seconds and record the WAL sequence they hold ({@code DayIndex}); recovery
 *       replays the WAL after it, per day, so nothing acknowledged is lost or indexed twice.</li>
 *   <li>A document stores one field, the span in {@code SpanCodec} form; every other field is indexed
 *       only (points, keyword terms, doc values where a search sorts or groups). Stored fields use
 *       {@code BEST_COMPRESSION}: size is the embedded store's weak point (see DESIGN.md).</li>
 *   <li>Tags ({@code key=value}) of span and resource attributes share one keyword field, so a tag search
 *       need not know where an attribute came from; values over 1024 characters are not indexed.</li>
 *   <li>{@code Dataset} owns day indices, WAL, commits, retention and recovery; an {@code EventMapping}
 *       owns what is specific to an event type. The {@code logs} dataset is a second mapping.</li>
 * </ul>
 */
package dev.sightline.store.lucene;
