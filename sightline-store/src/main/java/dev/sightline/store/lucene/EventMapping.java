package dev.sightline.store.lucene;

import dev.sightline.store.internal.FramedRecord;
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

  /**
   * The stored form of one event ({@link #SOURCE_FIELD}); a WAL record is these forms framed together
   * ({@link Dataset}), so each event is encoded once for both.
   */
  byte[] encode(T event);

  /**
   * The WAL record of a batch: {@link #encode} of each event, byte for byte, framed together
   * ({@link FramedRecord}); a mapping may share work across the batch.
   */
  default byte[] encodeRecord(List<T> events) {
    byte[][] each = new byte[events.size()][];
    for (int i = 0; i < each.length; i++) {
      each[i] = encode(events.get(i));
    }
    return FramedRecord.frame(each);
  }

  /**
   * Decodes a WAL record written before records were framed (one batch encoding for the whole batch);
   * throws {@link IllegalArgumentException} when malformed.
   */
  List<T> decodeLegacyBatch(byte[] record);

  /** Which day index the event belongs to (nanoseconds since the epoch, UTC). */
  long timestampNanos(T event);

  /** The indexed fields plus {@link #SOURCE_FIELD}, which holds {@code source} ({@link #encode} of it). */
  Document toDocument(T event, BytesRef source);

  /** Decodes {@link #SOURCE_FIELD} of a stored document. */
  T fromSource(BytesRef source);

  /** The event as the row that filters and queries see ({@link dev.sightline.store.filter.Rows}). */
  java.util.Map<String, Object> toRow(T event);

  /** The numeric doc values field holding {@link #timestampNanos}, which searches sort by. */
  String timestampSortField();

  /** The field-name budget of the dataset's row fields ({@link RowFields}). */
  FieldBudget fieldBudget();
}
