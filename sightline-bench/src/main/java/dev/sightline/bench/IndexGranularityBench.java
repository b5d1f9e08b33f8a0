package dev.sightline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Trees;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.logs.NdjsonLogDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Rows;
import dev.sightline.store.lucene.SightlineCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.HdrHistogram.Histogram;

/**
 * An experiment, not a model of the store: what Lucene costs a log record when a document holds one
 * record (as the event store does) or a block of records. The same simplified field scheme both ways: a
 * keyword per string value, tokens for the message, points for numbers, doc values for service and level,
 * the record stored. A block indexes each distinct keyword and number once, and groups a batch's records by
 * service and level first (Loki's streams), so a count on those two reads one number per block.
 *
 * <p>Rows and stored bytes are made before the clock starts: the figure is Lucene's share alone (indexing,
 * the refresh each second, merges until they finish), the part of ingest a block layout could change.
 * Then it times trace-id lookups (a block is read and its records filtered) and counts by service and
 * level, and checks that both layouts return the same answers.
 *
 * <pre>
 * IndexGranularityBench --file logs.ndjson [--events 1m] [--block 0|64|...] [--lookups 500]
 * IndexGranularityBench --file logs.ndjson [--events 1m] --chunk 8192 [--lookups 500]
 * </pre>
 * {@code --chunk N} measures {@link ChunkLayout} instead: no Lucene, chunks of up to N records per stream.
 */
public final class IndexGranularityBench {
  private static final Set<String> OPTIONS = Set.of("file", "events", "block", "chunk", "lookups",
      "dir");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GROUPING = Set.of(Fields.SERVICE, Fields.LEVEL);

  private IndexGranularityBench() { }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, OPTIONS, Set.of());
    long events = args.count("events", 1_000_000);
    int block = args.intCount("block", 0);
    int chunk = args.intCount("chunk", 0);
    int lookups = args.intCount("lookups", 500);
    List<List<Map<String, Object>>> batches = new ArrayList<>();
    List<List<byte[]>> sources = new ArrayList<>();
    NdjsonLogDecoder decoder = NdjsonLogDecoder.create(IngestLimits.builder().build(), Clock.systemUTC());
    long records = 0;
    for (byte[] body : IngestPathBench.ndjsonBodies(Path.of(args.required("file")), events, 2000)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      List<byte[]> src = new ArrayList<>();
      for (LogRecord r : decoder.decode(body).accepted()) {
        Map<String, Object> row = Rows.of(r);
        rows.add(row);
        src.add(JSON.writeValueAsBytes(row));
      }
      batches.add(rows);
      sources.add(src);
      records += rows.size();
    }
    Path dir = Files.createTempDirectory(Path.of(args.string("dir", System.getProperty("java.io.tmpdir"))),
        "granularity");
    try {
      for (int round = 1; round <= 2 && chunk > 0; round++) { // the first warms the JIT
        chunkRound(dir.resolve("round" + round + ".chunks"), batches, sources, records, chunk, round, lookups);
      }
      for (int round = 1; round <= 2 && chunk == 0; round++) {
        Path index = dir.resolve("round" + round);
        long cpu0 = IngestPathBench.processCpuNanos();
        long wall0 = System.nanoTime();
        long docs = index(index, batches, sources, block);
        double cpuS = (IngestPathBench.processCpuNanos() - cpu0) / 1e9;
        System.out.printf("RESULT layout=%s records=%d docs=%d round=%d wall_s=%.1f lucene_cpu_s=%.1f"
                + " us_per_record=%.2f bytes_per_record=%.1f%n", block == 0 ? "event" : "block" + block, records, docs,
            round, (System.nanoTime() - wall0) / 1e9, cpuS, cpuS * 1e6 / records,
            Trees.sizeBytes(index) / (double) records);
        if (round == 2) {
          query(index, batches, block, lookups);
        }
      }
    } finally {
      Trees.delete(dir);
    }
  }

  private static void chunkRound(Path file, List<List<Map<String, Object>>> batches, List<List<byte[]>> sources,
                                 long records, int chunk, int round, int lookups) throws IOException {
    try (ChunkLayout layout = new ChunkLayout(file, chunk)) {
      long cpu0 = IngestPathBench.processCpuNanos();
      long wall0 = System.nanoTime();
      for (int b = 0; b < batches.size(); b++) {
        List<Map<String, Object>> rows = batches.get(b);
        for (int i = 0; i < rows.size(); i++) {
          layout.add(rows.get(i), sources.get(b).get(i));
        }
      }
      layout.finish();
      double cpuS = (IngestPathBench.processCpuNanos() - cpu0) / 1e9;
      System.out.printf("RESULT layout=chunk%d records=%d chunks=%d round=%d wall_s=%.1f cpu_s=%.1f"
              + " us_per_record=%.2f bytes_per_record=%.1f%n", chunk, records, layout.chunkCount(), round,
          (System.nanoTime() - wall0) / 1e9, cpuS, cpuS * 1e6 / records, layout.sizeBytes() / (double) records);
      if (round < 2) {
        return;
      }
      try (var decompressor = new com.github.luben.zstd.ZstdDecompressCtx()) {
        timeQueries("chunk" + chunk + " chunks=" + layout.chunkCount(), traceIds(batches, lookups),
            id -> layout.lookup(id, decompressor), layout::count);
      }
    }
  }

  private interface TraceLookup {
    int records(String traceId) throws IOException;
  }

  private interface StreamCount {
    long records(String service, String level) throws IOException;
  }

  /**
   * Times trace lookups (the first half of the ids warms up) and 400 counts by service and level (the
   * first 200 warm up), and prints them as one RESULT line, {@code layout} first.
   */
  private static void timeQueries(String layout, List<String> traceIds, TraceLookup lookup, StreamCount count)
      throws IOException {
    Histogram trace = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long traceRecords = 0;
    for (int i = 0; i < traceIds.size(); i++) {
      long t0 = System.nanoTime();
      int found = lookup.records(traceIds.get(i));
      if (i >= traceIds.size() / 2) {
        trace.recordValue(System.nanoTime() - t0);
        traceRecords += found;
      }
    }
    Histogram counts = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long counted = 0;
    for (int i = 0; i < 400; i++) {
      long t0 = System.nanoTime();
      long n = count.records(SERVICES[i % SERVICES.length], LEVELS[(i / SERVICES.length) % LEVELS.length]);
      if (i >= 200) {
        counts.recordValue(System.nanoTime() - t0);
        counted += n;
      }
    }
    System.out.printf("RESULT layout=%s trace_lookups=%d trace_records=%d trace_p50_ms=%.3f trace_p99_ms=%.3f"
            + " counts=200 counted=%d count_p50_ms=%.3f count_p99_ms=%.3f%n", layout, trace.getTotalCount(),
        traceRecords, trace.getValueAtPercentile(50) / 1e6, trace.getValueAtPercentile(99) / 1e6, counted,
        counts.getValueAtPercentile(50) / 1e6, counts.getValueAtPercentile(99) / 1e6);
  }

  private static final String[] SERVICES = {"frontend", "cart", "checkout", "payment", "inventory", "users"};
  private static final String[] LEVELS = {"WARN", "ERROR", "INFO"};

  /** Trace ids of records spread evenly over the input, twice as many as {@code lookups} (half warm up). */
  private static List<String> traceIds(List<List<Map<String, Object>>> batches, int lookups) {
    List<String> traceIds = new ArrayList<>();
    int every = Math.max(1, batches.size() / (lookups * 2));
    for (int b = 0; b < batches.size(); b += every) {
      traceIds.add((String) batches.get(b).get(batches.get(b).size() / 2).get(Fields.TRACE_ID));
    }
    return traceIds;
  }

  private static long index(Path path, List<List<Map<String, Object>>> batches, List<List<byte[]>> sources,
                            int block) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setCodec(new SightlineCodec())
        .setRAMBufferSizeMB(96);
    long docs = 0;
    try (FSDirectory dir = FSDirectory.open(path); IndexWriter w = new IndexWriter(dir, config)) {
      SearcherManager searchers = new SearcherManager(w, null);
      ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor();
      refresh.scheduleWithFixedDelay(() -> {
        try {
          searchers.maybeRefreshBlocking();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, 1, 1, TimeUnit.SECONDS);
      for (int b = 0; b < batches.size(); b++) {
        List<Map<String, Object>> rows = batches.get(b);
        List<byte[]> src = sources.get(b);
        List<Document> out = new ArrayList<>();
        if (block == 0) {
          for (int i = 0; i < rows.size(); i++) {
            out.add(eventDocument(rows.get(i), src.get(i)));
          }
        } else {
          Map<String, List<Integer>> streams = new LinkedHashMap<>();
          for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            streams.computeIfAbsent(row.get(Fields.SERVICE) + "\0" + row.get(Fields.LEVEL), k -> new ArrayList<>())
                .add(i);
          }
          for (List<Integer> stream : streams.values()) {
            for (int from = 0; from < stream.size(); from += block) {
              out.add(blockDocument(rows, src, stream.subList(from, Math.min(stream.size(), from + block))));
            }
          }
        }
        w.addDocuments(out);
        docs += out.size();
      }
      refresh.shutdown();
      refresh.awaitTermination(1, TimeUnit.MINUTES);
      searchers.close();
      w.commit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return docs; // close waited for the merges
  }

  private static Document eventDocument(Map<String, Object> row, byte[] source) {
    Document doc = new Document();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      String name = e.getKey();
      switch (e.getValue()) {
        case String s -> {
          BytesRef utf8 = new BytesRef(s.getBytes(StandardCharsets.UTF_8));
          doc.add(new StringField("f.s." + name, utf8, Field.Store.NO));
          if (GROUPING.contains(name)) {
            doc.add(new SortedSetDocValuesField("f.s." + name, utf8));
          }
          if (name.equals(Fields.MESSAGE)) {
            doc.add(new TextField("t." + name, s, Field.Store.NO));
          }
        }
        case Long l -> {
          doc.add(new LongPoint("f.l." + name, l));
          doc.add(name.equals(Fields.TIMESTAMP) ? new NumericDocValuesField("ts", l)
              : new SortedNumericDocValuesField("f.l." + name, l));
        }
        case Double d -> doc.add(new DoublePoint("f.d." + name, d));
        default -> doc.add(new StringField("f.x." + name, String.valueOf(e.getValue()), Field.Store.NO));
      }
    }
    doc.add(new StoredField("source", source));
    return doc;
  }

  /** Records of one stream (same service and level): each distinct value once, every record stored. */
  private static Document blockDocument(List<Map<String, Object>> rows, List<byte[]> sources, List<Integer> members) {
    Document doc = new Document();
    Set<String> seen = new HashSet<>();
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    int bytes = 0;
    for (int i : members) {
      bytes += 4 + sources.get(i).length;
      for (Map.Entry<String, Object> e : rows.get(i).entrySet()) {
        String name = e.getKey();
        Object v = e.getValue();
        if (name.equals(Fields.TIMESTAMP) && v instanceof Long l) {
          minTs = Math.min(minTs, l);
          maxTs = Math.max(maxTs, l);
          continue;
        }
        if (name.equals(Fields.MESSAGE) && v instanceof String s) {
          doc.add(new TextField("t." + name, s, Field.Store.NO)); // per record: phrases stay within one
        }
        if (!seen.add(name + "\0" + v)) {
          continue;
        }
        switch (v) {
          case String s -> {
            BytesRef utf8 = new BytesRef(s.getBytes(StandardCharsets.UTF_8));
            doc.add(new StringField("f.s." + name, utf8, Field.Store.NO));
            if (GROUPING.contains(name)) {
              doc.add(new SortedSetDocValuesField("f.s." + name, utf8));
            }
          }
          case Long l -> doc.add(new LongPoint("f.l." + name, l));
          case Double d -> doc.add(new DoublePoint("f.d." + name, d));
          default -> doc.add(new StringField("f.x." + name, String.valueOf(v), Field.Store.NO));
        }
      }
    }
    doc.add(new LongPoint("ts_min", minTs));
    doc.add(new LongPoint("ts_max", maxTs));
    doc.add(new NumericDocValuesField("ts", maxTs));
    doc.add(new NumericDocValuesField("n", members.size()));
    ByteBuffer all = ByteBuffer.allocate(bytes);
    for (int i : members) {
      all.putInt(sources.get(i).length).put(sources.get(i));
    }
    doc.add(new StoredField("source", all.array()));
    return doc;
  }

  private static void query(Path path, List<List<Map<String, Object>>> batches, int block, int lookups)
      throws IOException {
    try (FSDirectory dir = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      timeQueries((block == 0 ? "event" : "block" + block) + " segments=" + reader.leaves().size(),
          traceIds(batches, lookups), id -> lookup(searcher, id, block),
          (service, level) -> count(searcher, service, level, block));
    }
  }

  /** The records of one trace; a block is read whole and its records filtered, as a post-filter would. */
  private static int lookup(IndexSearcher searcher, String traceId, int block) throws IOException {
    Query q = new TermQuery(new Term("f.s." + Fields.TRACE_ID, traceId));
    StoredFields stored = searcher.storedFields();
    byte[] needle = ("\"trace_id\":\"" + traceId + "\"").getBytes(StandardCharsets.UTF_8);
    int found = 0;
    Weight weight = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        BytesRef source = stored.document(leaf.docBase + doc).getBinaryValue("source");
        if (block == 0) {
          found++;
          continue;
        }
        ByteBuffer in = ByteBuffer.wrap(source.bytes, source.offset, source.length);
        while (in.hasRemaining()) {
          int n = in.getInt();
          int at = in.position();
          if (contains(source.bytes, at, n, needle)) {
            found++;
          }
          in.position(at + n);
        }
      }
    }
    return found;
  }

  static boolean contains(byte[] hay, int from, int length, byte[] needle) {
    byte first = needle[0];
    for (int i = from; i <= from + length - needle.length; i++) {
      if (hay[i] == first && Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  /** Records of a service at a level: hits for events, the sum of the matching blocks' record counts. */
  private static long count(IndexSearcher searcher, String service, String level, int block) throws IOException {
    Query q = new BooleanQuery.Builder()
        .add(new TermQuery(new Term("f.s." + Fields.SERVICE, service)), Occur.FILTER)
        .add(new TermQuery(new Term("f.s." + Fields.LEVEL, level)), Occur.FILTER).build();
    if (block == 0) {
      return searcher.count(q);
    }
    long total = 0;
    Weight weight = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      NumericDocValues n = leaf.reader().getNumericDocValues("n");
      if (scorer == null || n == null) {
        continue;
      }
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if (n.advanceExact(doc)) {
          total += n.longValue();
        }
      }
    }
    return total;
  }
}
