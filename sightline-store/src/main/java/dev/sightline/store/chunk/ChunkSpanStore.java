package dev.sightline.store.chunk;

import dev.sightline.model.Span;
import dev.sightline.store.SpanStore;
import dev.sightline.store.TraceQuery;
import dev.sightline.store.TraceSummary;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Trace reads over the chunk store's {@code spans} dataset. */
final class ChunkSpanStore implements SpanStore {
  private final ChunkDataset<Span> spans;
  private final ChunkSearch<Span> search;

  ChunkSpanStore(ChunkDataset<Span> spans) {
    this.spans = spans;
    this.search = new ChunkSearch<>(spans);
  }

  /** The chunks whose Bloom filter may hold the id, and in them the records whose hashes do. */
  @Override
  public List<Span> getTrace(String traceId) {
    return search.lookup(traceId, Long.MIN_VALUE, Long.MAX_VALUE, s -> s.traceId().equals(traceId));
  }

  /**
   * The matching spans newest first (service and operation narrow the chunks read; duration and tags are
   * checked on each span's row), their distinct trace ids up to the limit, then each trace read whole.
   */
  @Override
  public List<TraceSummary> searchTraces(TraceQuery query) {
    List<Filter> conditions = new ArrayList<>();
    if (query.service() != null && !query.service().isEmpty()) {
      conditions.add(Filter.eq(Fields.SERVICE, Value.of(query.service())));
    }
    if (query.operation() != null && !query.operation().isEmpty()) {
      conditions.add(Filter.eq(Fields.NAME, Value.of(query.operation())));
    }
    Filter filter = conditions.isEmpty() ? Filter.matchAll() : Filter.and(conditions.toArray(Filter[]::new));
    long start = query.startEpochNanos();
    long end = query.endEpochNanos() > 0 && query.endEpochNanos() < Long.MAX_VALUE ? query.endEpochNanos() + 1
        : Long.MAX_VALUE; // the query's end is inclusive
    Set<String> traceIds = new LinkedHashSet<>();
    Iterator<Map<String, Object>> rows = search.search(filter, start, end, true, Math.max(100, query.limit() * 10));
    while (traceIds.size() < query.limit() && rows.hasNext()) {
      Map<String, Object> row = rows.next();
      if (durationMatches(row, query) && tagsMatch(row, query.tags()) && row.get(Fields.TRACE_ID) instanceof String id) {
        traceIds.add(id);
      }
    }
    List<TraceSummary> out = new ArrayList<>(traceIds.size());
    for (String id : traceIds) {
      List<Span> trace = getTrace(id);
      if (!trace.isEmpty()) {
        out.add(TraceSummary.of(id, trace));
      }
    }
    out.sort(Comparator.comparingLong(TraceSummary::startEpochNanos).reversed());
    return out;
  }

  private static boolean durationMatches(Map<String, Object> row, TraceQuery query) {
    if (query.minDurationNanos() <= 0 && query.maxDurationNanos() <= 0) {
      return true;
    }
    long max = query.maxDurationNanos() > 0 ? query.maxDurationNanos() : Long.MAX_VALUE;
    return row.get(Fields.DURATION) instanceof Long d && d >= query.minDurationNanos() && d <= max;
  }

  private static boolean tagsMatch(Map<String, Object> row, Map<String, String> tags) {
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String field = tag.getKey().equals("service.name") ? Fields.SERVICE : tag.getKey();
      if (!tagMatches(row.get(field), tag.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A Jaeger/Zipkin tag search's {@code key=value}: the attribute matches when its value, whatever its
   * type, reads as that text: a string equal to it, a number equal to it, a boolean {@code true} or
   * {@code false}, or one element of an array.
   */
  static boolean tagMatches(Object value, String text) {
    return switch (value) {
      case null -> false;
      case String s -> s.equals(text);
      case Boolean b -> text.equals(b ? "true" : "false");
      case Long l -> parseLong(text) instanceof Long t ? t.longValue() == l : false;
      case Double d -> {
        Long t = parseLong(text);
        if (t != null) {
          yield d == (double) t;
        }
        try {
          yield d == Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      case Collection<?> c -> c.stream().anyMatch(e -> tagMatches(e, text));
      default -> false;
    };
  }

  private static Long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public List<String> serviceNames() {
    return spans.services();
  }

  @Override
  public List<String> operationNames(String service) {
    TreeSet<String> out = new TreeSet<>();
    for (ChunkDataset.StreamView v : spans.streams(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(service))) {
      for (StreamFile.Chunk c : v.chunks()) {
        out.addAll(c.operations());
      }
      if (v.head() != null) {
        out.addAll(v.head().operations());
      }
    }
    return List.copyOf(out);
  }
}
