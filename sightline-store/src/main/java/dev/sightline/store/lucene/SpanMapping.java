package dev.sightline.store.lucene;

import dev.sightline.model.Ids;
import dev.sightline.model.Span;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.internal.SpanCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * Maps spans to Lucene documents. Only {@link EventMapping#SOURCE_FIELD} is stored (the span in
 * {@link SpanCodec} form). Every field of the span's row ({@link Rows#of(Span)}: service, name, kind,
 * status, timestamp, duration, ids and every span and resource attribute) is indexed once, in the
 * {@link RowFields} scheme, and serves filters, trace search and tag search alike. On top of the row a
 * span has only what the row scheme cannot do: the trace id as raw bytes (term and sorted doc values,
 * for trace lookup and for grouping hits by trace), {@code service<NUL>name} for the operations of a
 * service, and the start time as doc values for newest-first sorting.
 *
 * <p>Attributes used to be indexed twice more, as {@code key=value} tag terms; the row fields carry
 * the same information, and the duplicates were the largest avoidable cost of indexing a span
 * (BENCHMARKS.md, section 1).
 */
final class SpanMapping implements EventMapping<Span> {
  private final FieldBudget budget;

  SpanMapping(FieldBudget budget) {
    this.budget = budget;
  }

  static final String TRACE_ID = "trace_id";
  /** {@code service + '\0' + name}, so the operations of a service are one prefix of one term dictionary. */
  static final String SERVICE_NAME = "service_name";
  static final String START = "start";
  static final char SEPARATOR = '\0';
  /** Longer names are cut in the operations term (Lucene refuses terms over 32 KiB). */
  static final int MAX_NAME_CHARS = 1024;

  @Override
  public String datasetName() {
    return "spans";
  }

  @Override
  public byte[] encode(Span event) {
    return SpanCodec.encode(event);
  }

  @Override
  public byte[] encodeRecord(List<Span> events) {
    return SpanCodec.encodeFramed(events);
  }

  @Override
  public List<Span> decodeLegacyBatch(byte[] record) {
    return SpanCodec.decode(record);
  }

  @Override
  public long timestampNanos(Span span) {
    return span.startEpochNanos();
  }

  @Override
  public Document toDocument(Span span, BytesRef source) {
    Document doc = new Document();
    BytesRef traceId = idTerm(span.traceId());
    doc.add(new StringField(TRACE_ID, traceId, Field.Store.NO));
    doc.add(new SortedDocValuesField(TRACE_ID, traceId));
    doc.add(new StringField(SERVICE_NAME, keyword(span.serviceName()) + SEPARATOR + keyword(span.name()),
        Field.Store.NO));
    doc.add(new NumericDocValuesField(START, span.startEpochNanos()));
    RowFields.addRow(doc, Rows.of(span), budget);
    doc.add(new StoredField(SOURCE_FIELD, source));
    return doc;
  }

  /** Names are indexed up to {@link #MAX_NAME_CHARS}: an absurd name must not make Lucene reject the span. */
  static String keyword(String s) {
    return s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS);
  }

  @Override
  public java.util.Map<String, Object> toRow(Span span) {
    return Rows.of(span);
  }

  @Override
  public String timestampSortField() {
    return START;
  }

  @Override
  public FieldBudget fieldBudget() {
    return budget;
  }

  @Override
  public Span fromSource(BytesRef source) {
    return SpanCodec.decodeOne(source.bytes, source.offset, source.length);
  }

  /**
   * The indexed form of an id: hex ids as raw bytes (half the size), anything else as UTF-8
   * behind a 0xFF byte, which UTF-8 never contains, so the two forms cannot meet.
   */
  static BytesRef idTerm(String id) {
    if (isHex(id)) { // either case: a trace id typed in upper case still finds the trace
      return new BytesRef(Ids.fromHex(id));
    }
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + 1];
    out[0] = (byte) 0xFF;
    System.arraycopy(utf8, 0, out, 1, utf8.length);
    return new BytesRef(out);
  }

  /** The inverse of {@link #idTerm}. */
  static String idFromTerm(BytesRef term) {
    if (term.length > 0 && term.bytes[term.offset] == (byte) 0xFF) {
      return new String(term.bytes, term.offset + 1, term.length - 1, StandardCharsets.UTF_8);
    }
    byte[] raw = new byte[term.length];
    System.arraycopy(term.bytes, term.offset, raw, 0, term.length);
    return Ids.toHex(raw);
  }

  private static boolean isHex(String s) {
    if (s.isEmpty() || s.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
