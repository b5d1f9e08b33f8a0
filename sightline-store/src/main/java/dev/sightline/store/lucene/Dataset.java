package dev.sightline.store.lucene;

import dev.sightline.store.CheckResult;
import dev.sightline.store.internal.FramedRecord;
import dev.sightline.store.wal.WalOptions;
import dev.sightline.store.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.filter.Fields;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dataset of the event store ({@code spans}, later {@code logs}): a WAL in {@code <root>/wal} and
 * one Lucene index per UTC day in {@code <root>/yyyy-MM-dd}, so retention deletes whole directories.
 *
 * <p>Durability protocol: {@link #add} appends the batch to the WAL and then indexes it, both under
 * the read side of {@link #lock}; {@link #commit} takes the write side just long enough to read the
 * WAL's last sequence S and flush every changed day writer, so each commit holds exactly the events
 * with sequence at or below S, and records S in the commit. Recovery replays the WAL after each day's
 * committed S, so an acknowledged event is neither lost nor indexed twice.
 */
final class Dataset<T> {
  private static final Logger log = LoggerFactory.getLogger(Dataset.class);
  private static final long PROGRESS_LOG_INTERVAL_NANOS = 5_000_000_000L;
  /** Doc values: a unique, replay-stable number per document, the tie-breaker of search order. */
  static final String SEQUENCE = "_seq";
  static final int MAX_BATCH = (1 << 24) - 1;

  private final EventMapping<T> mapping;
  private final Path root;
  private final WalOptions walOptions;
  private final Clock clock;
  private volatile RetentionPolicy retention;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Object commitLock = new Object();
  private final ConcurrentSkipListMap<LocalDate, DayIndex> days = new ConcurrentSkipListMap<>();
  private volatile WriteAheadLog wal;
  private volatile Instant lastCommit;
  private volatile String failure;

  /** Runs a search over the day indices' current searchers. */
  @FunctionalInterface
  interface SearchFunction<R> {
    R apply(IndexSearcher searcher) throws IOException;
  }

  Dataset(EventMapping<T> mapping, Path dataDir, WalOptions walOptions, Clock clock, RetentionPolicy retention) {
    this.mapping = mapping;
    this.root = dataDir.resolve(mapping.datasetName());
    this.walOptions = walOptions;
    this.clock = clock;
    this.retention = retention;
  }

  /** Opens every day index, opens the WAL and replays what the last commits do not hold. */
  void open() throws IOException {
    Files.createDirectories(root);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : entries) {
        LocalDate day = parseDay(dir);
        if (day != null) {
          openOrQuarantine(day, dir);
        }
      }
    }
    wal = WriteAheadLog.open(root.resolve("wal"), walOptions);
    long newestCommit = days.values().stream().mapToLong(DayIndex::committedSequence).max().orElse(0);
    if (wal.lastSequence() < newestCommit) {
      // The WAL was deleted, or lost unsynced records in a power failure, after the indices committed:
      // new records must not reuse sequence numbers that the commits already claim to hold.
      log.warn("{}: the WAL ends at sequence {} but the indices hold up to {}; was {} deleted? continuing "
          + "from {}", mapping.datasetName(), wal.lastSequence(), newestCommit, wal.directory(), newestCommit);
      wal.skipTo(newestCommit);
    }
    seedFieldNames();
    recover();
  }

  /** Names already indexed stay indexable after a restart, and count towards the field budget. */
  private void seedFieldNames() throws IOException {
    for (DayIndex d : days.values()) {
      IndexSearcher s = d.acquire();
      try {
        for (var leaf : s.getIndexReader().leaves()) {
          for (FieldInfo fi : leaf.reader().getFieldInfos()) {
            String name = fi.name;
            for (String prefix : ROW_PREFIXES) {
              if (name.startsWith(prefix)) {
                mapping.fieldBudget().seed(name.substring(prefix.length()));
              }
            }
          }
        }
      } finally {
        d.release(s);
      }
    }
  }

  private static final List<String> ROW_PREFIXES = List.of(RowFields.STRING, RowFields.LONG, RowFields.DOUBLE,
      RowFields.BOOL);

  /**
   * A day index Lucene reports as corrupt is moved aside (kept for a person to inspect) rather than
   * failing startup: losing one day beats refusing all ingestion. The WAL still restores whatever of
   * that day was not yet committed. Other I/O errors (permissions, a full disk) do fail startup.
   */
  private void openOrQuarantine(LocalDate day, Path dir) throws IOException {
    try {
      days.put(day, DayIndex.open(day, dir));
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + clock.millis());
      Files.move(dir, aside);
      log.error("{}: the index of {} is unreadable ({}); moved it to {} and starting that day afresh",
          mapping.datasetName(), day, e.getMessage(), aside);
    }
  }

  private static LocalDate parseDay(Path dir) {
    try {
      return LocalDate.parse(dir.getFileName().toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void recover() throws IOException {
    long from = days.values().stream().mapToLong(DayIndex::committedSequence).min().orElse(0);
    long last = wal.lastSequence();
    if (from >= last) {
      log.info("{}: {} day indices, all WAL records up to {} committed; nothing to replay",
          mapping.datasetName(), days.size(), last);
      return;
    }
    log.info("{}: replaying WAL records {}..{} into {} day indices", mapping.datasetName(), from + 1, last,
        days.size());
    long started = System.nanoTime();
    long[] progress = {0, 0, started}; // records, events indexed, last progress log
    wal.replay(from, (sequence, record) -> {
      try {
        List<T> events;
        List<BytesRef> sources;
        if (FramedRecord.isFramed(record)) {
          sources = FramedRecord.split(record);
          events = new ArrayList<>(sources.size());
          for (BytesRef source : sources) {
            events.add(mapping.fromSource(source));
          }
        } else { // written before framing: one batch encoding
          events = mapping.decodeLegacyBatch(record);
          sources = new ArrayList<>(events.size());
          for (T event : events) {
            sources.add(new BytesRef(mapping.encode(event)));
          }
        }
        progress[1] += index(events, sources, sequence, true);
      } catch (IllegalArgumentException e) { // a record that can never be indexed must not block startup
        log.error("{}: skipping WAL record {} that cannot be indexed: {}", mapping.datasetName(), sequence,
            e.getMessage());
        return;
      }
      progress[0]++;
      long now = System.nanoTime();
      if (now - progress[2] > PROGRESS_LOG_INTERVAL_NANOS) {
        log.info("{}: recovery at WAL record {} of {} ({} events re-indexed)", mapping.datasetName(), sequence,
            last, progress[1]);
        progress[2] = now;
      }
    });
    for (DayIndex d : days.values()) {
      d.refreshBlocking();
    }
    log.info("{}: recovered {} WAL records ({} events re-indexed) in {} ms", mapping.datasetName(),
        progress[0], progress[1], (System.nanoTime() - started) / 1_000_000);
    commit();
  }

  /**
   * Durably appends the events to the WAL (one {@link FramedRecord} of their stored forms), then indexes
   * them. Returns their WAL sequence number. */
  long add(List<T> events) throws IOException {
    if (events.isEmpty()) {
      return wal.lastSequence();
    }
    if (events.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch of " + events.size() + " events is more than the "
          + MAX_BATCH + " one write accepts; split it");
    }
    byte[] record = mapping.encodeRecord(events);
    List<BytesRef> sources = FramedRecord.split(record); // the stored fields share the record's bytes
    lock.readLock().lock();
    try {
      long sequence = wal.append(record);
      index(events, sources, sequence, false);
      return sequence;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Indexes events by day; during recovery, skips the days whose last commit already holds them. Each
   * document gets {@link #SEQUENCE} = WAL sequence * 2^24 + position in the batch: unique and the same
   * when recovery re-indexes it, so search cursors ({@code timestamp}, {@code sequence}) are stable.
   */
  private int index(List<T> events, List<BytesRef> sources, long sequence, boolean recovering) throws IOException {
    Instant retentionCutoff = clock.instant().minus(retention.longest());
    Map<LocalDate, List<Document>> byDay = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      T event = events.get(i);
      Document doc = mapping.toDocument(event, sources.get(i));
      doc.add(new NumericDocValuesField(SEQUENCE, (sequence << 24) | i));
      byDay.computeIfAbsent(dayOf(mapping.timestampNanos(event)), d -> new ArrayList<>()).add(doc);
    }
    int indexed = 0;
    for (Map.Entry<LocalDate, List<Document>> e : byDay.entrySet()) {
      if (recovering && isExpired(e.getKey(), retentionCutoff)) {
        continue; // retention already removed (or would remove) this day
      }
      DayIndex day = dayIndex(e.getKey());
      if (recovering && sequence <= day.committedSequence()) {
        continue;
      }
      day.add(e.getValue());
      indexed += e.getValue().size();
    }
    return indexed;
  }

  private DayIndex dayIndex(LocalDate day) throws IOException {
    DayIndex d = days.get(day);
    if (d != null) {
      return d;
    }
    synchronized (days) {
      d = days.get(day);
      if (d == null) {
        d = DayIndex.open(day, root.resolve(day.toString()));
        days.put(day, d);
      }
      return d;
    }
  }

  static LocalDate dayOf(long epochNanos) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        Math.floorMod(epochNanos, 1_000_000_000L));
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Makes recently added events visible to searches. */
  void refresh() throws IOException {
    for (DayIndex d : days.values()) {
      try {
        d.refresh();
      } catch (AlreadyClosedException e) {
        // retention closed this day between listing and refreshing
      }
    }
  }

  /** Makes everything added so far visible, waiting for a refresh already under way. */
  void refreshBlocking() throws IOException {
    for (DayIndex d : days.values()) {
      try {
        d.refreshBlocking();
      } catch (AlreadyClosedException e) {
        // retention closed this day between listing and refreshing
      }
    }
  }

  /** Commits every changed day index with the WAL position it holds, then drops the WAL before it. */
  void commit() throws IOException {
    synchronized (commitLock) {
      long sequence;
      List<DayIndex> changed = new ArrayList<>();
      lock.writeLock().lock();
      try {
        sequence = wal.lastSequence();
        for (DayIndex d : days.values()) {
          if (d.hasUncommittedChanges()) {
            d.prepareCommit(sequence);
            changed.add(d);
          }
        }
      } catch (IOException | RuntimeException e) {
        failure = "commit of " + root + " failed: " + e;
        throw e;
      } finally {
        lock.writeLock().unlock();
      }
      try {
        for (DayIndex d : changed) {
          d.finishCommit(sequence); // fsync outside the lock: ingestion continues meanwhile
        }
        wal.truncateBefore(sequence + 1);
      } catch (IOException | RuntimeException e) {
        failure = "commit of " + root + " failed: " + e;
        throw e;
      }
      lastCommit = clock.instant();
      failure = null; // a later commit that succeeds means the disk recovered (e.g. space was freed)
    }
  }

  private static boolean isExpired(LocalDate day, Instant cutoff) {
    return !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff);
  }

  /**
   * Deletes the day indices whose whole day is older than the longest retention of the policy, then, in
   * the remaining days, the documents of services whose (shorter) retention has passed for that day;
   * returns the days deleted whole.
   */
  List<LocalDate> enforceRetention() throws IOException {
    synchronized (commitLock) { // a commit must not be finishing on a writer this closes
      List<LocalDate> deleted = deleteExpiredDays();
      deleteExpiredServices();
      return deleted;
    }
  }

  /**
   * Delete-by-query of the services kept shorter than a day's age, oldest day first; the day's index
   * shrinks as its segments merge. Services are matched on the row field {@code service}.
   */
  private void deleteExpiredServices() throws IOException {
    RetentionPolicy policy = retention;
    Instant now = clock.instant();
    for (DayIndex d : days.values()) {
      boolean defaultExpired = isExpired(d.day(), now.minus(policy.defaultRetention()));
      BooleanQuery.Builder services = new BooleanQuery.Builder();
      int clauses = 0;
      for (Map.Entry<String, Duration> e : policy.perService().entrySet()) {
        boolean expired = isExpired(d.day(), now.minus(e.getValue()));
        if (expired != defaultExpired) { // the exceptions to what happens to everyone else
          services.add(new TermQuery(new Term(RowFields.STRING + Fields.SERVICE, e.getKey())), Occur.SHOULD);
          clauses++;
        }
      }
      Query expired;
      if (defaultExpired) {
        expired = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
            .add(services.build(), Occur.MUST_NOT).build();
      } else if (clauses > 0) {
        expired = services.build();
      } else {
        break; // nothing expired for this day, so nothing for the newer ones either
      }
      d.refreshBlocking(); // count what was added up to now; later additions are checked next time
      IndexSearcher s = d.acquire();
      int count;
      try {
        count = s.count(expired);
      } finally {
        d.release(s);
      }
      if (count > 0) {
        d.deleteDocuments(expired);
        d.refreshBlocking();
        log.info("{}: per-service retention deleted {} documents of {}", mapping.datasetName(), count, d.day());
      }
    }
  }

  void retention(RetentionPolicy policy) {
    this.retention = policy;
  }

  RetentionPolicy retention() {
    return retention;
  }

  private List<LocalDate> deleteExpiredDays() throws IOException {
    Instant cutoff = clock.instant().minus(retention.longest());
    List<LocalDate> deleted = new ArrayList<>();
    for (LocalDate day : days.keySet()) {
      if (!isExpired(day, cutoff)) {
        break; // sorted map: the remaining days are newer
      }
      DayIndex d;
      lock.writeLock().lock();
      try {
        d = days.remove(day);
      } finally {
        lock.writeLock().unlock();
      }
      if (d != null) {
        d.close();
        deleteTree(d.path());
        deleted.add(day);
        log.info("{}: retention {} deleted the index of {}", mapping.datasetName(), retention.longest(), day);
      }
    }
    return deleted;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Runs {@code fn} over a searcher of the day indices that may hold events with timestamps in
   * {@code [startNanos, endNanos]}; sees everything refreshed so far.
   */
  <R> R search(long startNanos, long endNanos, SearchFunction<R> fn) throws IOException {
    LocalDate first = dayOf(startNanos);
    LocalDate last = dayOf(Math.max(startNanos, endNanos));
    List<DayIndex> acquiredFrom = new ArrayList<>();
    List<IndexSearcher> searchers = new ArrayList<>();
    try {
      lock.readLock().lock(); // so retention cannot close a day index between listing and acquiring
      try {
        for (DayIndex d : days.subMap(first, true, last, true).values()) {
          searchers.add(d.acquire());
          acquiredFrom.add(d);
        }
      } finally {
        lock.readLock().unlock();
      }
      IndexReader[] readers = searchers.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new);
      try (MultiReader reader = new MultiReader(readers, false)) {
        return fn.apply(new IndexSearcher(reader));
      }
    } finally {
      for (int i = 0; i < searchers.size(); i++) {
        acquiredFrom.get(i).release(searchers.get(i));
      }
    }
  }

  /** The days with an index that may hold timestamps in {@code [startNanos, endNanos)}, oldest first. */
  List<LocalDate> daysBetween(long startNanos, long endNanos) {
    if (endNanos <= startNanos) {
      return List.of();
    }
    return List.copyOf(days.subMap(dayOf(startNanos), true, dayOf(endNanos - 1), true).keySet());
  }

  /**
   * Runs {@code fn} over the current searcher of one day; returns {@code absent} when retention deleted
   * the day meanwhile.
   */
  <R> R searchDay(LocalDate day, R absent, SearchFunction<R> fn) throws IOException {
    DayIndex d;
    IndexSearcher searcher;
    lock.readLock().lock(); // so retention cannot close the day between finding and acquiring it
    try {
      d = days.get(day);
      if (d == null) {
        return absent;
      }
      searcher = d.acquire();
    } finally {
      lock.readLock().unlock();
    }
    try {
      return fn.apply(searcher);
    } finally {
      d.release(searcher);
    }
  }

  EventMapping<T> mapping() {
    return mapping;
  }

  CheckResult check() {
    WriteAheadLog w = wal;
    if (w == null) {
      return CheckResult.failed(mapping.datasetName() + " store is not started");
    }
    CheckResult walCheck = w.check();
    if (!walCheck.ok()) {
      return walCheck;
    }
    if (failure != null) {
      return CheckResult.failed(failure + "; new data is still written to the WAL, but it grows until a "
          + "commit succeeds: check the disk under " + root);
    }
    if (!Files.isDirectory(root) || !Files.isWritable(root)) {
      return CheckResult.failed("data directory " + root + " is missing or not writable; check its permissions");
    }
    return CheckResult.OK;
  }

  long indexSizeBytes() {
    return days.values().stream().mapToLong(DayIndex::sizeBytes).sum();
  }

  long walSizeBytes() {
    WriteAheadLog w = wal;
    return w == null ? 0 : w.sizeBytes();
  }

  long walFsyncs() {
    WriteAheadLog w = wal;
    return w == null ? 0 : w.fsyncs();
  }

  long documentCount() {
    return days.values().stream().mapToLong(DayIndex::numDocs).sum();
  }

  Instant lastCommit() {
    return lastCommit;
  }

  List<LocalDate> days() {
    return List.copyOf(days.keySet());
  }

  /** Commits, then closes every index and the WAL. */
  void close() throws IOException {
    if (wal == null) {
      return;
    }
    try {
      commit();
    } finally {
      closeWithoutCommit();
    }
  }

  /** Closes without committing: what a crash leaves behind, for recovery tests. */
  void closeWithoutCommit() throws IOException {
    IOException first = null;
    for (DayIndex d : days.values()) {
      try {
        d.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    days.clear();
    WriteAheadLog w = wal;
    if (w != null) {
      w.close();
    }
    if (first != null) {
      throw first;
    }
  }
}
