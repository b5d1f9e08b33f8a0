package dev.sightline.store.chunk;

import dev.sightline.model.LogRecord;
import dev.sightline.model.Span;
import dev.sightline.store.EventSearch;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.internal.FramedRecord;
import dev.sightline.store.internal.LogCodec;
import dev.sightline.store.internal.SpanCodec;
import java.util.List;
import java.util.Map;

/**
 * What the chunk store needs to know about one kind of event: its codec form (the bytes a chunk and the
 * WAL hold), the timestamp that places it in a day and in search order, the service that names its
 * stream, and its row ({@link Rows}) for filters.
 */
interface RecordType<T> {
  /** {@code spans} or {@code logs}: the dataset's directory name. */
  String dataset();

  /**
   * The WAL record of a batch: each event's codec form, framed together ({@link FramedRecord}); a batch
   * may share work, the forms are those of encoding each event alone.
   */
  byte[] encodeRecord(List<T> events);

  /** Decodes one codec form; throws {@link IllegalArgumentException} naming what is malformed. */
  T decode(byte[] bytes, int offset, int length);

  long timestampNanos(T event);

  String service(T event);

  Map<String, Object> toRow(T event);

  /**
   * Adds the hashes of the lookup values of the event's row ({@link LookupValues}) to {@code out};
   * {@code resources} carries a resource's hashes from one event of a batch to the next.
   */
  void lookups(T event, LongList out, LookupValues.ResourceHashes resources);

  /** The trace the event belongs to, or the empty string. */
  String traceId(T event);

  /** A span's name (the trace search's operation), null for kinds without one. */
  String operation(T event);

  RecordType<Span> SPANS = new RecordType<>() {
    @Override public String dataset() { return EventSearch.SPANS; }
    @Override public byte[] encodeRecord(List<Span> events) { return SpanCodec.encodeFramed(events); }
    @Override public Span decode(byte[] bytes, int offset, int length) {
      return SpanCodec.decodeOne(bytes, offset, length);
    }
    @Override public long timestampNanos(Span span) { return span.startEpochNanos(); }
    @Override public String service(Span span) { return span.serviceName(); }
    @Override public Map<String, Object> toRow(Span span) { return Rows.of(span); }
    @Override public void lookups(Span span, LongList out, LookupValues.ResourceHashes resources) {
      LookupValues.collect(span, out, resources);
    }
    @Override public String traceId(Span span) { return span.traceId(); }
    @Override public String operation(Span span) { return span.name(); }
  };

  RecordType<LogRecord> LOGS = new RecordType<>() {
    @Override public String dataset() { return EventSearch.LOGS; }
    @Override public byte[] encodeRecord(List<LogRecord> events) {
      byte[][] each = new byte[events.size()][];
      for (int i = 0; i < each.length; i++) {
        each[i] = LogCodec.encode(List.of(events.get(i)));
      }
      return FramedRecord.frame(each);
    }
    @Override public LogRecord decode(byte[] bytes, int offset, int length) {
      List<LogRecord> one = LogCodec.decode(bytes, offset, length);
      if (one.size() != 1) {
        throw new IllegalArgumentException("expected one log record, found " + one.size());
      }
      return one.get(0);
    }
    @Override public long timestampNanos(LogRecord log) {
      return log.epochNanos() != 0 ? log.epochNanos() : log.observedEpochNanos();
    }
    @Override public String service(LogRecord log) { return log.serviceName(); }
    @Override public Map<String, Object> toRow(LogRecord log) { return Rows.of(log); }
    @Override public void lookups(LogRecord log, LongList out, LookupValues.ResourceHashes resources) {
      LookupValues.collect(log, out, resources);
    }
    @Override public String traceId(LogRecord log) { return log.traceId(); }
    @Override public String operation(LogRecord log) { return null; }
  };
}
