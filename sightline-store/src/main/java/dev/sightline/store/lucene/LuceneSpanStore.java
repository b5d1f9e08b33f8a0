package dev.sightline.store.lucene;

import dev.sightline.model.Span;
import dev.sightline.store.SpanStore;
import dev.sightline.store.TraceQuery;
import dev.sightline.store.TraceSummary;
import dev.sightline.store.filter.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/** Trace reads over the {@code spans} dataset. */
final class LuceneSpanStore implements SpanStore {
  private static final Sort NEWEST_FIRST = new Sort(new SortField(SpanMapping.START, SortField.Type.LONG, true));
  private static final Set<String> SOURCE_ONLY = Set.of(EventMapping.SOURCE_FIELD);

  private final Dataset<Span> spans;

  LuceneSpanStore(Dataset<Span> spans) {
    this.spans = spans;
  }

  @Override
  public List<Span> getTrace(String traceId) throws IOException {
    return spans.search(Long.MIN_VALUE, Long.MAX_VALUE, searcher -> readTrace(searcher, traceId));
  }

  private List<Span> readTrace(IndexSearcher searcher, String traceId) throws IOException {
    // One pass over the term's postings, no scoring; documents come in index order, so spans written
    // together (a batch holds whole traces) are read from one decompressed stored-fields block.
    Query q = new TermQuery(new Term(SpanMapping.TRACE_ID, SpanMapping.idTerm(traceId)));
    StoredFields stored = searcher.storedFields();
    List<Span> out = new ArrayList<>();
    for (int doc : searcher.search(q, new DocIdsCollectorManager())) {
      BytesRef source = stored.document(doc, SOURCE_ONLY).getBinaryValue(EventMapping.SOURCE_FIELD);
      out.add(spans.mapping().fromSource(source));
    }
    return out;
  }

  /**
   * Finds matching spans newest first, collects distinct trace ids until {@code limit}, then reads each
   * trace whole to summarise it. Results are ordered by trace start, newest first.
   */
  @Override
  public List<TraceSummary> searchTraces(TraceQuery query) throws IOException {
    Query q = toLucene(query);
    long end = query.endEpochNanos() > 0 ? query.endEpochNanos() : Long.MAX_VALUE;
    // Matching spans live only in the days the time range covers; their traces may reach into others.
    Set<String> traceIds = spans.search(query.startEpochNanos(), end, searcher -> newestTraceIds(searcher, q,
        query.limit()));
    if (traceIds.isEmpty()) {
      return List.of();
    }
    return spans.search(Long.MIN_VALUE, Long.MAX_VALUE, searcher -> {
      List<TraceSummary> out = new ArrayList<>(traceIds.size());
      for (String id : traceIds) {
        List<Span> trace = readTrace(searcher, id);
        if (!trace.isEmpty()) {
          out.add(TraceSummary.of(id, trace));
        }
      }
      out.sort(Comparator.comparingLong(TraceSummary::startEpochNanos).reversed());
      return out;
    });
  }

  /** Distinct trace ids of the matching spans, newest span first, paging until {@code limit} are found. */
  private static Set<String> newestTraceIds(IndexSearcher searcher, Query q, int limit) throws IOException {
    Set<String> traceIds = new LinkedHashSet<>();
    int page = Math.max(100, limit * 10);
    FieldDoc after = null;
    while (traceIds.size() < limit) {
      TopDocs top = after == null ? searcher.search(q, page, NEWEST_FIRST)
          : searcher.searchAfter(after, q, page, NEWEST_FIRST);
      if (top.scoreDocs.length == 0) {
        break;
      }
      for (String id : traceIdsOf(searcher, top.scoreDocs)) {
        if (traceIds.size() < limit) {
          traceIds.add(id);
        }
      }
      after = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
      if (top.scoreDocs.length < page) {
        break;
      }
    }
    return traceIds;
  }

  static Query toLucene(TraceQuery query) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (query.service() != null && !query.service().isEmpty()) {
      b.add(keyword(Fields.SERVICE, query.service()), BooleanClause.Occur.FILTER);
    }
    if (query.operation() != null && !query.operation().isEmpty()) {
      b.add(keyword(Fields.NAME, query.operation()), BooleanClause.Occur.FILTER);
    }
    if (query.minDurationNanos() > 0 || query.maxDurationNanos() > 0) {
      long max = query.maxDurationNanos() > 0 ? query.maxDurationNanos() : Long.MAX_VALUE;
      b.add(LongPoint.newRangeQuery(RowFields.LONG + Fields.DURATION, query.minDurationNanos(), max),
          BooleanClause.Occur.FILTER);
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      b.add(tagQuery(tag.getKey(), tag.getValue()), BooleanClause.Occur.FILTER);
    }
    if (query.startEpochNanos() > 0 || query.endEpochNanos() < Long.MAX_VALUE) {
      long end = query.endEpochNanos() > 0 ? query.endEpochNanos() : Long.MAX_VALUE;
      b.add(LongPoint.newRangeQuery(RowFields.LONG + Fields.TIMESTAMP, query.startEpochNanos(), end),
          BooleanClause.Occur.FILTER);
    }
    BooleanQuery bq = b.build();
    return bq.clauses().isEmpty() ? new MatchAllDocsQuery() : bq;
  }

  private static Query keyword(String rowField, String value) {
    return new TermQuery(new Term(RowFields.STRING + rowField, value));
  }

  /**
   * A Jaeger/Zipkin tag search, {@code key=value} with the value as text, over the row fields: the
   * attribute matches when its value, whatever its type, reads as that text — a string equal to it, a
   * number equal to it ({@code http.response.status_code=500}), a boolean {@code true}/{@code false}, or
   * one element of an array. {@code service.name} is the row's {@code service}.
   */
  static Query tagQuery(String key, String value) {
    String field = key.equals("service.name") ? Fields.SERVICE : key;
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    any.add(keyword(field, value), BooleanClause.Occur.SHOULD);
    try {
      long l = Long.parseLong(value.strip());
      any.add(LongPoint.newExactQuery(RowFields.LONG + field, l), BooleanClause.Occur.SHOULD);
      any.add(DoublePoint.newExactQuery(RowFields.DOUBLE + field, l), BooleanClause.Occur.SHOULD);
    } catch (NumberFormatException notLong) {
      try {
        double d = Double.parseDouble(value.strip());
        if (!Double.isNaN(d)) {
          any.add(DoublePoint.newExactQuery(RowFields.DOUBLE + field, d), BooleanClause.Occur.SHOULD);
        }
      } catch (NumberFormatException notNumber) {
        // only the string form can match
      }
    }
    if (value.equals("true") || value.equals("false")) {
      any.add(new TermQuery(new Term(RowFields.BOOL + field, value.equals("true") ? "T" : "F")),
          BooleanClause.Occur.SHOULD);
    }
    return any.build();
  }

  /** Trace ids of the hits, in hit order; doc values are read in doc order, as their iterators require. */
  private static List<String> traceIdsOf(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
    Integer[] byDoc = new Integer[hits.length];
    for (int i = 0; i < hits.length; i++) {
      byDoc[i] = i;
    }
    java.util.Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
    String[] ids = new String[hits.length];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int currentLeaf = -1;
    SortedDocValues values = null;
    for (int i : byDoc) {
      int doc = hits[i].doc;
      int leaf = ReaderUtil.subIndex(doc, leaves);
      if (leaf != currentLeaf) {
        currentLeaf = leaf;
        values = leaves.get(leaf).reader().getSortedDocValues(SpanMapping.TRACE_ID);
      }
      if (values != null && values.advanceExact(doc - leaves.get(leaf).docBase)) {
        ids[i] = SpanMapping.idFromTerm(values.lookupOrd(values.ordValue()));
      }
    }
    List<String> out = new ArrayList<>(hits.length);
    for (String id : ids) {
      if (id != null) {
        out.add(id);
      }
    }
    return out;
  }

  @Override
  public List<String> serviceNames() throws IOException {
    return spans.search(Long.MIN_VALUE, Long.MAX_VALUE, searcher -> {
      TreeSet<String> out = new TreeSet<>();
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Terms terms = leaf.reader().terms(RowFields.STRING + Fields.SERVICE);
        if (terms != null) {
          TermsEnum te = terms.iterator();
          for (BytesRef t = te.next(); t != null; t = te.next()) {
            out.add(t.utf8ToString());
          }
        }
      }
      return List.copyOf(out);
    });
  }

  @Override
  public List<String> operationNames(String service) throws IOException {
    BytesRef prefix = new BytesRef(service + SpanMapping.SEPARATOR);
    return spans.search(Long.MIN_VALUE, Long.MAX_VALUE, searcher -> {
      TreeSet<String> out = new TreeSet<>();
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Terms terms = leaf.reader().terms(SpanMapping.SERVICE_NAME);
        if (terms == null) {
          continue;
        }
        TermsEnum te = terms.iterator();
        if (te.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
          continue;
        }
        for (BytesRef t = te.term(); t != null && startsWith(t, prefix); t = te.next()) {
          out.add(new String(t.bytes, t.offset + prefix.length, t.length - prefix.length,
              java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return List.copyOf(out);
    });
  }

  private static boolean startsWith(BytesRef term, BytesRef prefix) {
    if (term.length < prefix.length) {
      return false;
    }
    return java.util.Arrays.equals(term.bytes, term.offset, term.offset + prefix.length,
        prefix.bytes, prefix.offset, prefix.offset + prefix.length);
  }
}
