package dev.sightline.store.lucene;

import dev.sightline.model.LogRecord;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.internal.LogCodec;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.util.BytesRef;

/**
 * Maps log records to Lucene documents: the record in {@link LogCodec} form as the only stored field,
 * every field of its row ({@link Rows#of(LogRecord)}) indexed in the {@link RowFields} scheme, and the
 * row's timestamp (event time, else observed time) as doc values to sort by.
 */
final class LogMapping implements EventMapping<LogRecord> {
  static final String TIMESTAMP_SORT = "_ts";
  private final FieldBudget budget;

  LogMapping(FieldBudget budget) {
    this.budget = budget;
  }

  @Override
  public String datasetName() {
    return "logs";
  }

  @Override
  public byte[] encode(LogRecord event) {
    return LogCodec.encode(List.of(event));
  }

  @Override
  public List<LogRecord> decodeLegacyBatch(byte[] record) {
    return LogCodec.decode(record, 0, record.length);
  }

  @Override
  public long timestampNanos(LogRecord log) {
    return log.epochNanos() != 0 ? log.epochNanos() : log.observedEpochNanos();
  }

  @Override
  public Document toDocument(LogRecord log, BytesRef source) {
    Document doc = new Document();
    RowFields.addRow(doc, Rows.of(log), budget);
    doc.add(new NumericDocValuesField(TIMESTAMP_SORT, timestampNanos(log)));
    doc.add(new StoredField(SOURCE_FIELD, source));
    return doc;
  }

  @Override
  public LogRecord fromSource(BytesRef source) {
    List<LogRecord> one = LogCodec.decode(source.bytes, source.offset, source.length);
    if (one.size() != 1) {
      throw new IllegalArgumentException("expected one log record in the stored source, found " + one.size());
    }
    return one.get(0);
  }

  @Override
  public Map<String, Object> toRow(LogRecord log) {
    return Rows.of(log);
  }

  @Override
  public String timestampSortField() {
    return TIMESTAMP_SORT;
  }

  @Override
  public FieldBudget fieldBudget() {
    return budget;
  }
}
