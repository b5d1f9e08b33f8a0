package dev.sightline.store.lucene;

import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.util.BytesRef;

/**
 * How one kind of event (spans, log records) is written to the WAL and to Lucene. A {@link Dataset}
 * owns the day indices, the WAL, commits and retention; the mapping owns everything specific to the
 * event type, so a second dataset is a second mapping and nothing else.
 */
interface EventMapping<T> {
  /** The stored field that holds the encoded event; the only stored field of a document. */
  String SOURCE_FIELD = "_source";

  /** Directory name under the data dir ({@code spans}, {@code logs}). */
  String datasetName();

  /** One WAL record for a batch. */
  byte[] encodeBatch(List<T> events);

  /** The inverse of {@link #encodeBatch}; throws {@link IllegalArgumentException} when malformed. */
  List<T> decodeBatch(byte[] record);

  /** Which day index the event belongs to (nanoseconds since the epoch, UTC). */
  long timestampNanos(T event);

  /** The indexed fields plus {@link #SOURCE_FIELD}. */
  Document toDocument(T event);

  /** Decodes {@link #SOURCE_FIELD} of a stored document. */
  T fromSource(BytesRef source);

  /** The event as the row that filters and queries see ({@link dev.sightline.store.filter.Rows}). */
  java.util.Map<String, Object> toRow(T event);

  /** The numeric doc values field holding {@link #timestampNanos}, which searches sort by. */
  String timestampSortField();

  /** The field-name budget of the dataset's row fields ({@link RowFields}). */
  FieldBudget fieldBudget();
}
