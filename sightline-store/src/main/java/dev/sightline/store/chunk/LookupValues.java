package dev.sightline.store.chunk;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.filter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lookup values: the strings a chunk's Bloom filter and each record's hash list hold, so that a search
 * for one id reads only the chunks and records that may have it.
 *
 * <p>Whether a string is a lookup value depends on the string alone ({@link #isLookup}: 8 to 1,024
 * characters without whitespace: ids, emails, URLs, not messages), never on the field that holds it.
 * A record therefore holds the hash of every lookup value of its row, in any field, and a filter
 * {@code field = 'v'} with a lookup value {@code v} can only match records holding {@code hash(v)},
 * whatever the field and its aliases. That is what makes skipping safe.
 */
final class LookupValues {
  static final int MIN_CHARS = 8;
  static final int MAX_CHARS = 1024;

  private LookupValues() {}

  static boolean isLookup(String s) {
    int n = s.length();
    if (n < MIN_CHARS || n > MAX_CHARS) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /** A 64-bit hash of the string's UTF-16 code units (FNV-1a, then a SplitMix64 finaliser). */
  static long hash(String s) {
    long h = FNV_OFFSET;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return finish(h);
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private static long finish(long h) {
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /**
   * Adds the hash of every lookup value of the span's row ({@link Rows#of(Span)}) to {@code out}, without
   * building the row: the values of every attribute (resource and span, nested and in lists) and of the
   * well-known string fields. Where the row keeps one of two clashing values, both are hashed: a
   * superset only costs a record a few bytes and a search an occasional needless read, never a match.
   * Building the row for this was 16% of the span writer's time (BENCHMARKS.md section 1, Q19).
   */
  static void collect(Span span, LongList out) {
    collect(span, out, new ResourceHashes());
  }

  /** As {@link #collect(Span, LongList)}, taking the resource's hashes from {@code resources}. */
  static void collect(Span span, LongList out, ResourceHashes resources) {
    int from = out.size();
    resources.addTo(span.resource(), out);
    attributes(span.attributes(), out);
    add(span.name(), out);
    add(span.kind().name(), out);
    add(span.status().code().name(), out);
    add(span.status().message(), out);
    add(span.serviceName(), out);
    add(span.traceId(), out);
    add(span.spanId(), out);
    add(span.parentSpanId(), out);
    dedupe(out, from);
  }

  /** As {@link #collect(Span, LongList)}, for a log record's row ({@link Rows#of(LogRecord)}). */
  static void collect(LogRecord log, LongList out) {
    collect(log, out, new ResourceHashes());
  }

  /** As {@link #collect(LogRecord, LongList)}, taking the resource's hashes from {@code resources}. */
  static void collect(LogRecord log, LongList out, ResourceHashes resources) {
    int from = out.size();
    resources.addTo(log.resource(), out);
    attributes(log.attributes(), out);
    add(Rows.level(log.severityText(), log.severityNumber()), out);
    add(log.body(), out);
    add(log.serviceName(), out);
    add(log.traceId(), out);
    add(log.spanId(), out);
    dedupe(out, from);
  }

  /**
   * The hashes of the last resource seen, kept while events share that resource instance: an OTLP
   * batch's events of one service do, and their resource attributes were hashed again for each of them.
   * One batch at a time, on one thread.
   */
  static final class ResourceHashes {
    private Resource resource;
    private final LongList hashes = new LongList(16);

    void addTo(Resource r, LongList out) {
      if (r != resource) { // resources are immutable: the same instance has the same values
        hashes.clear();
        attributes(r.attributes(), hashes);
        resource = r;
      }
      out.addAll(hashes);
    }
  }

  private static void attributes(Attributes attributes, LongList out) {
    for (int i = 0, n = attributes.size(); i < n; i++) {
      value(attributes.valueAt(i), out, true);
    }
  }

  /** Rows flatten nested attributes and keep a list's scalar elements; a list in a list is dropped. */
  private static void value(Object v, LongList out, boolean top) {
    switch (v) {
      case String s -> add(s, out);
      case Attributes nested -> {
        if (top) {
          attributes(nested, out);
        }
      }
      case List<?> list -> {
        if (top) {
          for (Object e : list) {
            value(e, out, false);
          }
        }
      }
      case null, default -> { }
    }
  }

  /**
   * Adds {@link #hash}{@code (s)} when {@code s} is a lookup value: one pass that checks and hashes
   * together, since this runs for every string of every record.
   */
  private static void add(String s, LongList out) {
    if (s == null) {
      return;
    }
    int n = s.length();
    if (n < MIN_CHARS || n > MAX_CHARS) {
      return;
    }
    long h = FNV_OFFSET;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x80 && Character.isWhitespace(c)) { // no ASCII whitespace lies above ' '
        return;
      }
      h = (h ^ c) * FNV_PRIME;
    }
    out.add(finish(h));
  }

  /** Drops repeats among {@code out[from..]} (a span's id is often an attribute too), keeping the first. */
  private static void dedupe(LongList out, int from) {
    int kept = from;
    outer:
    for (int i = from; i < out.size(); i++) {
      long h = out.get(i);
      for (int j = from; j < kept; j++) {
        if (out.get(j) == h) {
          continue outer;
        }
      }
      out.set(kept++, h);
    }
    out.truncate(kept);
  }

  /**
   * What a row must hold for {@code filter} to accept it: a list of alternatives, each the hashes of
   * which the row must hold at least one. Empty when the filter requires no lookup value (then nothing
   * can be skipped).
   */
  static List<long[]> required(Filter filter) {
    List<long[]> out = new ArrayList<>();
    require(filter, out);
    return out;
  }

  private static void require(Filter f, List<long[]> out) {
    switch (f) {
      case Filter.And and -> and.operands().forEach(o -> require(o, out));
      case Filter.Compare c when c.op() == CompareOp.EQ && c.value() instanceof Value.StringValue s
          && isLookup(s.value()) -> out.add(new long[] {hash(s.value())});
      case Filter.In in -> {
        long[] any = new long[in.values().size()];
        for (int i = 0; i < any.length; i++) {
          if (!(in.values().get(i) instanceof Value.StringValue s) || !isLookup(s.value())) {
            return;
          }
          any[i] = hash(s.value());
        }
        if (any.length > 0) {
          out.add(any);
        }
      }
      case Filter.Or or -> {
        // (a AND ...) OR (b AND ...) needs a or b: one alternative of each operand, joined.
        List<Long> any = new ArrayList<>();
        for (Filter o : or.operands()) {
          List<long[]> sub = required(o);
          if (sub.isEmpty()) {
            return;
          }
          for (long h : sub.get(0)) {
            any.add(h);
          }
        }
        if (!any.isEmpty()) {
          out.add(any.stream().mapToLong(Long::longValue).toArray());
        }
      }
      default -> { } // NOT, ranges, patterns: nothing required
    }
  }

  /**
   * The services a row must belong to for {@code filter} to accept it, or null when any may: from
   * {@code service = 's'} and {@code service IN (...)} conditions at the top of the filter.
   */
  static Set<String> services(Filter filter) {
    return switch (filter) {
      case Filter.Compare c when c.field().equals(Fields.SERVICE) && c.op() == CompareOp.EQ
          && c.value() instanceof Value.StringValue s -> Set.of(s.value());
      case Filter.In in when in.field().equals(Fields.SERVICE)
          && in.values().stream().allMatch(v -> v instanceof Value.StringValue) -> {
        Set<String> out = new TreeSet<>();
        in.values().forEach(v -> out.add(((Value.StringValue) v).value()));
        yield out;
      }
      case Filter.And and -> {
        Set<String> out = null;
        for (Filter o : and.operands()) {
          Set<String> s = services(o);
          if (s != null) {
            if (out == null) {
              out = new TreeSet<>(s);
            } else {
              out.retainAll(s);
            }
          }
        }
        yield out;
      }
      default -> null;
    };
  }
}
