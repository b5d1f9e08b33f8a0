package dev.sightline.store.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of one dataset for one UTC day. Each commit records, in its user data, the WAL
 * sequence number up to which the index holds every event of its day, which is where recovery
 * resumes replaying.
 */
final class DayIndex {
  static final String COMMITTED_SEQUENCE = "sightline.wal.sequence";
  static final double RAM_BUFFER_MB = 96;

  private final LocalDate day;
  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private volatile long committedSequence;

  private DayIndex(LocalDate day, Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
                   long committedSequence) {
    this.day = day;
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.committedSequence = committedSequence;
  }

  static DayIndex open(LocalDate day, Path path) throws IOException {
    Directory directory = FSDirectory.open(path);
    IndexWriter writer = null;
    try {
      // Stored fields are the bulk of the index: zstd in small independent sub-blocks, fast to write and
      // to read one document from (see SightlineCodec).
      // The analyzer only tokenizes the token fields (t.<name>); keyword fields are never analyzed.
      IndexWriterConfig config = new IndexWriterConfig(new TokenAnalyzer())
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setCodec(new SightlineCodec())
          .setCommitOnClose(false)
          // The writers flushed a segment whenever 16 MB (Lucene's default) filled, on top of the
          // refresh's flush each second: many small segments, and merges took a sixth of ingest CPU.
          .setRAMBufferSizeMB(RAM_BUFFER_MB);
      writer = new IndexWriter(directory, config);
      long committed = 0;
      for (Map.Entry<String, String> e : userData(writer)) {
        if (e.getKey().equals(COMMITTED_SEQUENCE)) {
          committed = Long.parseLong(e.getValue());
        }
      }
      return new DayIndex(day, path, directory, writer, new SearcherManager(writer, null), committed);
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.rollback();
      }
      directory.close();
      throw e;
    }
  }

  private static Iterable<Map.Entry<String, String>> userData(IndexWriter writer) {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    return data == null ? List.of() : data;
  }

  LocalDate day() {
    return day;
  }

  Path path() {
    return path;
  }

  /** Every event of this day with a WAL sequence at or below this is in the last commit. */
  long committedSequence() {
    return committedSequence;
  }

  void add(List<Document> documents) throws IOException {
    writer.addDocuments(documents);
  }

  /** Deletes the documents matching {@code query} (retention of services kept shorter than the day). */
  void deleteDocuments(org.apache.lucene.search.Query query) throws IOException {
    writer.deleteDocuments(query);
  }

  boolean hasUncommittedChanges() {
    return writer.hasUncommittedChanges();
  }

  /** First phase of a commit: flushes what was added so far; later additions go to the next commit. */
  void prepareCommit(long sequence) throws IOException {
    writer.setLiveCommitData(Map.of(COMMITTED_SEQUENCE, Long.toString(sequence)).entrySet());
    writer.prepareCommit();
  }

  /** Second phase: fsyncs and publishes the prepared commit. */
  void finishCommit(long sequence) throws IOException {
    writer.commit();
    committedSequence = sequence;
  }

  void refresh() throws IOException {
    searchers.maybeRefresh();
  }

  /** Blocks until everything added so far is visible to searchers. */
  void refreshBlocking() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  IndexSearcher acquire() throws IOException {
    return searchers.acquire();
  }

  void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  long numDocs() {
    return writer.getDocStats().numDocs;
  }

  long sizeBytes() {
    long total = 0;
    try {
      for (String file : directory.listAll()) {
        try {
          total += directory.fileLength(file);
        } catch (IOException e) {
          // deleted by a merge between listAll and fileLength
        }
      }
    } catch (IOException e) {
      return total;
    }
    return total;
  }

  /** Closes without committing (the caller commits first when it wants to keep the changes). */
  void close() throws IOException {
    try {
      searchers.close();
    } finally {
      try {
        writer.rollback();
      } finally {
        directory.close();
      }
    }
  }
}
