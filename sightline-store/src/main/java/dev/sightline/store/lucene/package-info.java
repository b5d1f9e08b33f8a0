/**
 * The embedded event store on Apache Lucene ({@link dev.sightline.store.lucene.LuceneEventStore}), with
 * two datasets, {@code spans} and {@code logs}.
 *
 * <p>Layout: {@code dataDir/<dataset>/wal/} (a {@link dev.sightline.store.wal.WriteAheadLog}) and one
 * Lucene index per UTC day, {@code dataDir/<dataset>/yyyy-MM-dd/}, chosen by the event's timestamp (a
 * span's start, a log's event time or else its observed time), so retention deletes whole directories.
 *
 * <p>Why these choices:
 * <ul>
 *   <li>The WAL, not the Lucene commit, is the acknowledgement point: a Lucene commit fsyncs every new
 *       segment file and costs tens of milliseconds, while one WAL append per batch costs one fsync.
 *       Commits run every few seconds and record the WAL sequence they hold ({@code DayIndex}); recovery
 *       replays the WAL after it, per day, so nothing acknowledged is lost or indexed twice.</li>
 *   <li>A document stores one field, the event in {@code SpanCodec}/{@code LogCodec} form; every other
 *       field is indexed only. Stored fields use zstd in 240 KiB chunks of independent 24 KiB sub-blocks
 *       ({@code SightlineCodec}): size is the embedded store's weak point (see DESIGN.md), compressing
 *       them is a share of ingest CPU, and a random read decompresses one sub-block.</li>
 *   <li>Every field of an event's row ({@link dev.sightline.store.filter.Rows}) is indexed per value type
 *       ({@code RowFields}: {@code f.s.}/{@code f.l.}/{@code f.d.}/{@code f.b.<name>}, {@code t.<name>}
 *       tokens, {@code _exists} markers), so a {@link dev.sightline.store.filter.Filter} on any field runs
 *       in Lucene ({@code FilterTranslator}). What Lucene cannot answer exactly (strings over 8 KiB or with
 *       unpaired surrogates, fields past the field-name cap, regular expressions outside a subset that
 *       means the same in both syntaxes) is read from the stored source and checked with the reference
 *       {@link dev.sightline.store.filter.FilterEvaluator}, so answers are always the reference answers.</li>
 *   <li>Spans keep their older search fields too (tags as one {@code key=value} keyword field, service,
 *       operation, duration), which {@code LuceneSpanStore}'s trace search uses. Span indices written
 *       before the row fields existed are not found by {@link dev.sightline.store.EventSearch}.</li>
 *   <li>Search results stream page by page in (timestamp, sequence) order; the sequence is the WAL
 *       sequence and batch position, unique and stable under recovery, so a page cursor is made of values
 *       and survives refreshes and merges without holding a searcher between pages.</li>
 *   <li>Retention follows a {@link dev.sightline.store.RetentionPolicy} per dataset: whole day indices go
 *       once older than the longest retention of the policy; documents of services kept shorter are
 *       deleted by query in the younger days.</li>
 *   <li>{@code Dataset} owns day indices, WAL, commits, retention and recovery; an {@code EventMapping}
 *       owns what is specific to an event type.</li>
 * </ul>
 */
package dev.sightline.store.lucene;
