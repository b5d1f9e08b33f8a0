package dev.sightline.store.lucene;

import dev.sightline.model.Attributes;
import dev.sightline.model.Ids;
import dev.sightline.model.Span;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.internal.SpanCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * Maps spans to Lucene documents. Only {@link EventMapping#SOURCE_FIELD} is stored (the span in
 * {@link SpanCodec} form); everything else is indexed for search, or kept as doc values where a
 * search sorts or groups by it. Tags ({@code key=value} of span and resource attributes) share one
 * keyword field, so a tag query need not know where the attribute came from. Every field of the span's
 * row ({@link Rows#of(Span)}) is also indexed in the {@link RowFields} scheme, for filters.
 */
final class SpanMapping implements EventMapping<Span> {
  private final FieldBudget budget;

  SpanMapping(FieldBudget budget) {
    this.budget = budget;
  }

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String PARENT_ID = "parent_id";
  static final String SERVICE = "service";
  static final String NAME = "name";
  /** {@code service + '\0' + name}, so the operations of a service are one prefix of one term dictionary. */
  static final String SERVICE_NAME = "service_name";
  static final String KIND = "kind";
  static final String STATUS = "status";
  static final String START = "start";
  static final String DURATION = "duration";
  static final String TAG = "tag";
  static final char SEPARATOR = '\0';
  /** Longer tags are not indexed (Lucene refuses terms over 32 KiB, and nobody searches for them). */
  static final int MAX_TAG_CHARS = 1024;

  @Override
  public String datasetName() {
    return "spans";
  }

  @Override
  public byte[] encodeBatch(List<Span> events) {
    return SpanCodec.encode(events);
  }

  @Override
  public List<Span> decodeBatch(byte[] record) {
    return SpanCodec.decode(record);
  }

  @Override
  public long timestampNanos(Span span) {
    return span.startEpochNanos();
  }

  @Override
  public Document toDocument(Span span) {
    Document doc = new Document();
    BytesRef traceId = idTerm(span.traceId());
    doc.add(new StringField(TRACE_ID, traceId, Field.Store.NO));
    doc.add(new SortedDocValuesField(TRACE_ID, traceId));
    doc.add(new StringField(SPAN_ID, idTerm(span.spanId()), Field.Store.NO));
    if (!span.parentSpanId().isEmpty()) {
      doc.add(new StringField(PARENT_ID, idTerm(span.parentSpanId()), Field.Store.NO));
    }
    String service = keyword(span.serviceName());
    String name = keyword(span.name());
    doc.add(new StringField(SERVICE, service, Field.Store.NO));
    doc.add(new StringField(NAME, name, Field.Store.NO));
    doc.add(new StringField(SERVICE_NAME, service + SEPARATOR + name, Field.Store.NO));
    doc.add(new StringField(KIND, span.kind().name(), Field.Store.NO));
    doc.add(new StringField(STATUS, span.status().code().name(), Field.Store.NO));
    doc.add(new LongPoint(START, span.startEpochNanos()));
    doc.add(new NumericDocValuesField(START, span.startEpochNanos()));
    doc.add(new LongPoint(DURATION, span.durationNanos()));
    doc.add(new NumericDocValuesField(DURATION, span.durationNanos()));
    addTags(doc, span.attributes());
    addTags(doc, span.resource().attributes());
    RowFields.addRow(doc, Rows.of(span), budget);
    doc.add(new StoredField(SOURCE_FIELD, SpanCodec.encode(span)));
    return doc;
  }

  private static void addTags(Document doc, Attributes attributes) {
    attributes.forEach((key, value) -> {
      String tag = tag(key, Attributes.valueToString(value));
      if (tag.length() <= MAX_TAG_CHARS) {
        doc.add(new StringField(TAG, tag, Field.Store.NO));
      }
    });
  }

  /** Names are indexed up to {@link #MAX_TAG_CHARS}: an absurd name must not make Lucene reject the span. */
  static String keyword(String s) {
    return s.length() <= MAX_TAG_CHARS ? s : s.substring(0, MAX_TAG_CHARS);
  }

  static String tag(String key, String value) {
    return key + "=" + value;
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
      if (Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }
}
