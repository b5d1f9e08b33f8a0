package dev.sightline.store.chunk;

import dev.sightline.store.CheckResult;
import dev.sightline.store.RetentionPolicy;
import dev.sightline.store.internal.FramedRecord;
import dev.sightline.store.wal.WalOptions;
import dev.sightline.store.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dataset of the chunk store: a WAL in {@code <root>/wal} and, per UTC day, a directory
 * {@code <root>/yyyy-MM-dd} with one {@link StreamFile} per service. Records go to the WAL, then to the
 * open chunk ({@link Head}) of their day and service; a head is sealed (compressed, appended to its
 * stream's file) when it holds {@code chunkRecords} records or {@code chunkBytes} bytes, and at every
 * commit. Nothing is indexed per record: a search picks chunks by day, service, time range and Bloom
 * filter, then reads them.
 *
 * <p>Durability protocol: {@link #add} writes the batch to the WAL and notes its sequence as unplaced,
 * under the read side of {@link #lock}; waits for the WAL's fsync without it; then places the records in
 * heads. {@link #commit} takes the write side just long enough to read the WAL's last sequence S and the
 * oldest unplaced sequence, seals every head, forces the stream files to disk and drops the WAL before
 * S + 1, or before the oldest record still unplaced or in a head. Recovery replays what the WAL still
 * holds, skipping the records a chunk already holds, so an acknowledged record is neither lost nor
 * stored twice.
 */
final class ChunkDataset<T> {
  private static final Logger log = LoggerFactory.getLogger(ChunkDataset.class);
  static final int MAX_BATCH = (1 << 24) - 1;

  final RecordType<T> type;
  private final Path root;
  private final WalOptions walOptions;
  private final Clock clock;
  private final int chunkRecords;
  private final long chunkBytes;
  private volatile RetentionPolicy retention;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** WAL sequences written but not yet placed in heads: a commit must keep them in the WAL. */
  private final java.util.concurrent.ConcurrentSkipListSet<Long> unplaced =
      new java.util.concurrent.ConcurrentSkipListSet<>();
  /** Test hook: runs in {@link #add} between the WAL's fsync and placing the records; null normally. */
  volatile Runnable beforePlace;
  private final Object commitLock = new Object();
  private final ConcurrentSkipListMap<LocalDate, Day> days = new ConcurrentSkipListMap<>();
  private final RecordsCache cache = new RecordsCache(64L << 20);
  private final java.util.concurrent.ArrayBlockingQueue<ChunkBuffers> buffers =
      new java.util.concurrent.ArrayBlockingQueue<>(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final java.util.concurrent.ExecutorService scanPool;
  private volatile WriteAheadLog wal;
  private volatile Instant lastCommit;
  private volatile String failure;

  /** A service's stream in one day: the open head and, once something was sealed, its file. */
  static final class StreamState {
    final Head head;
    volatile StreamFile file;

    StreamState(LocalDate day, String service) {
      head = new Head(day, service);
    }
  }

  /** One day's streams. */
  record Day(LocalDate date, Path dir, ConcurrentHashMap<String, StreamState> streams) {}

  /**
   * What a search reads of one stream at one moment: its sealed chunks, the group filters over them
   * (ordered, not overlapping, covering only these chunks) and its head's records.
   */
  record StreamView(String service, List<StreamFile.Chunk> chunks, List<StreamFile.Group> groups,
                    Head.Snapshot head) {}

  /** {@code scanPool}: threads that read chunks for a scan in parallel, or null to scan on the caller's. */
  ChunkDataset(RecordType<T> type, Path dataDir, WalOptions walOptions, Clock clock, RetentionPolicy retention,
               int chunkRecords, long chunkBytes, java.util.concurrent.ExecutorService scanPool) {
    this.scanPool = scanPool;
    this.type = type;
    this.root = dataDir.resolve("chunks").resolve(type.dataset());
    this.walOptions = walOptions;
    this.clock = clock;
    this.retention = retention;
    this.chunkRecords = chunkRecords;
    this.chunkBytes = chunkBytes;
  }

  /** Opens every day's stream files, opens the WAL and replays what the chunks do not hold. */
  void open() throws IOException {
    Files.createDirectories(root);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : entries) {
        LocalDate date = parseDay(dir);
        if (date != null) {
          openDay(date, dir);
        }
      }
    }
    wal = WriteAheadLog.open(root.resolve("wal"), walOptions);
    long newest = 0;
    for (Day d : days.values()) {
      for (StreamState s : d.streams().values()) {
        for (StreamFile.Chunk c : s.file.chunks()) {
          newest = Math.max(newest, c.maxSeq() >>> 24);
        }
      }
    }
    if (wal.lastSequence() < newest) {
      log.warn("{}: the WAL ends at sequence {} but the chunks hold up to {}; was {} deleted? continuing from {}",
          type.dataset(), wal.lastSequence(), newest, wal.directory(), newest);
      wal.skipTo(newest);
    }
    recover();
  }

  private void openDay(LocalDate date, Path dir) throws IOException {
    Day day = new Day(date, dir, new ConcurrentHashMap<>());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + StreamFile.SUFFIX)) {
      for (Path p : files) {
        StreamFile f = StreamFile.open(p, date);
        if (f.service() == null) { // created, nothing sealed before a crash
          f.close();
          Files.delete(p);
          continue;
        }
        StreamState s = new StreamState(date, f.service());
        s.file = f;
        day.streams().put(f.service(), s);
      }
    }
    days.put(date, day);
  }

  private static LocalDate parseDay(Path dir) {
    try {
      return LocalDate.parse(dir.getFileName().toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void recover() throws IOException {
    long last = wal.lastSequence();
    long started = System.nanoTime();
    Set<Long> sealed = new HashSet<>();
    long[] counts = {0, 0, -1}; // WAL records, events placed, first WAL sequence seen
    wal.replay(0, (sequence, record) -> {
      if (counts[2] < 0) {
        counts[2] = sequence;
        collectSealed(sequence << 24, sealed);
        log.info("{}: replaying WAL records {}..{}", type.dataset(), sequence, last);
      }
      try {
        List<BytesRef> sources = FramedRecord.split(record);
        List<T> events = new ArrayList<>(sources.size());
        for (BytesRef s : sources) {
          events.add(type.decode(s.bytes, s.offset, s.length));
        }
        counts[1] += place(events, sources, sequence, sealed);
      } catch (IllegalArgumentException e) { // a record that can never be stored must not block startup
        log.error("{}: skipping WAL record {} that cannot be read: {}", type.dataset(), sequence, e.getMessage());
        return;
      }
      counts[0]++;
    });
    if (counts[0] > 0) {
      log.info("{}: recovered {} WAL records ({} events not yet in chunks) in {} ms", type.dataset(), counts[0],
          counts[1], (System.nanoTime() - started) / 1_000_000);
      commit();
    }
  }

  /** The sequences of the records of every chunk that holds records at or after {@code fromSeq}. */
  private void collectSealed(long fromSeq, Set<Long> out) throws IOException {
    for (Day d : days.values()) {
      for (StreamState s : d.streams().values()) {
        StreamFile f = s.file;
        if (f == null) {
          continue;
        }
        for (StreamFile.Chunk c : f.chunks()) {
          if (c.maxSeq() >= fromSeq) {
            Records r = c.read();
            for (int i = 0; i < r.count; i++) {
              out.add(r.seq[i]);
            }
          }
        }
      }
    }
  }

  /** Durably appends the events to the WAL, then places them in their heads. Returns the WAL sequence. */
  long add(List<T> events) throws IOException {
    if (events.isEmpty()) {
      return wal.lastSequence();
    }
    if (events.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch of " + events.size() + " events is more than the "
          + MAX_BATCH + " one write accepts; split it");
    }
    byte[] record = type.encodeRecord(events);
    List<BytesRef> sources = FramedRecord.split(record);
    long sequence;
    lock.readLock().lock();
    try {
      sequence = wal.write(List.of(record));
      unplaced.add(sequence);
    } finally {
      lock.readLock().unlock();
    }
    try {
      // The fsync, outside the lock: other writers write meanwhile and share it (group commit). Records
      // reach the heads only once durable, so a search never shows one whose write then failed.
      wal.sync(sequence);
      Runnable hook = beforePlace;
      if (hook != null) {
        hook.run();
      }
      lock.readLock().lock();
      try {
        place(events, sources, sequence, null);
      } finally {
        lock.readLock().unlock();
      }
    } finally {
      unplaced.remove(sequence);
    }
    return sequence;
  }

  /**
   * Appends each event to the head of its day and service, sealing heads that are full. During recovery
   * ({@code sealed} non-null) skips the records a chunk holds and those retention has removed.
   *
   * <p>What needs no lock (each event's stream, timestamp and lookup hashes) comes first; then each run
   * of consecutive events of one stream is appended under one hold of its head's lock. An OTLP batch
   * groups spans by resource, so a run is usually a whole service's share of the batch: writers placing
   * into the same services' heads at once meet on a head's lock once per run rather than three times per
   * record, and hash nothing while they hold it.
   */
  private int place(List<T> events, List<BytesRef> sources, long walSequence, Set<Long> sealed) throws IOException {
    Instant now = clock.instant();
    RetentionPolicy policy = retention;
    int n = events.size();
    StreamState[] streams = new StreamState[n];
    long[] ts = new long[n];
    int[] hashFrom = new int[n + 1];
    LongList hashes = new LongList(n * 8);
    LookupValues.ResourceHashes resources = new LookupValues.ResourceHashes();
    StreamState last = null;
    for (int i = 0; i < n; i++) {
      T event = events.get(i);
      ts[i] = type.timestampNanos(event);
      LocalDate date = dayOf(ts[i]);
      String service = type.service(event);
      boolean skip = sealed != null && (sealed.contains((walSequence << 24) | i)
          || isExpired(date, now.minus(policy.retentionOf(service))));
      if (!skip) {
        type.lookups(event, hashes, resources);
        last = last != null && last.head.day.equals(date) && last.head.service.equals(service) ? last
            : stream(date, service);
        streams[i] = last;
      }
      hashFrom[i + 1] = hashes.size();
    }
    int placed = 0;
    for (int i = 0; i < n; ) {
      StreamState stream = streams[i];
      if (stream == null) {
        i++;
        continue;
      }
      synchronized (stream.head) {
        for (; i < n && streams[i] == stream; i++) {
          BytesRef src = sources.get(i);
          T event = events.get(i);
          stream.head.add(event, src.bytes, src.offset, src.length, ts[i], (walSequence << 24) | i, hashes,
              hashFrom[i], hashFrom[i + 1], type.operation(event));
          if (stream.head.count() >= chunkRecords || stream.head.rawBytes() >= chunkBytes) {
            seal(stream);
          }
          placed++;
        }
      }
    }
    return placed;
  }

  private StreamState stream(LocalDate date, String service) throws IOException {
    Day day = days.get(date);
    if (day == null) {
      synchronized (days) {
        day = days.get(date);
        if (day == null) {
          Path dir = root.resolve(date.toString());
          Files.createDirectories(dir);
          day = new Day(date, dir, new ConcurrentHashMap<>());
          days.put(date, day);
        }
      }
    }
    return day.streams().computeIfAbsent(service, s -> new StreamState(date, s));
  }

  /**
   * Moves a head's records into a chunk of its stream's file. Holds the head's lock throughout, so a
   * search's view of the stream (chunks, then head) sees every record exactly once.
   */
  private void seal(StreamState stream) throws IOException {
    synchronized (stream.head) {
      Head.Sealing s = stream.head.takeAll();
      if (s == null) {
        return;
      }
      StreamFile f = stream.file;
      if (f == null) {
        LocalDate date = stream.head.day;
        f = StreamFile.create(root.resolve(date.toString()), date, stream.head.service);
        stream.file = f;
      }
      ChunkBuffers b = takeBuffers();
      try {
        f.append(s, b);
      } finally {
        giveBack(b);
      }
    }
  }

  static LocalDate dayOf(long epochNanos) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        Math.floorMod(epochNanos, 1_000_000_000L));
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static boolean isExpired(LocalDate day, Instant cutoff) {
    return !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff);
  }

  /** Seals every head, forces the stream files to disk, then drops the WAL records they now hold. */
  void commit() throws IOException {
    synchronized (commitLock) {
      try {
        long sequence;
        long firstOpen;
        lock.writeLock().lock();
        try {
          sequence = wal.lastSequence();
          firstOpen = unplaced.isEmpty() ? Long.MAX_VALUE : unplaced.first(); // still on their way to a head
        } finally {
          lock.writeLock().unlock();
        }
        Set<Path> dirs = new HashSet<>();
        for (Day d : days.values()) {
          for (StreamState s : d.streams().values()) {
            boolean created = s.file == null;
            seal(s);
            if (created && s.file != null) {
              dirs.add(d.dir());
            }
            firstOpen = Math.min(firstOpen, s.head.firstWalSequence());
          }
        }
        for (Day d : days.values()) {
          for (StreamState s : d.streams().values()) {
            StreamFile f = s.file;
            if (f != null) {
              f.sync();
            }
          }
        }
        for (Path dir : dirs) { // a new file's name must survive a power loss as well as its bytes
          try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
          }
        }
        wal.truncateBefore(Math.min(sequence + 1, firstOpen));
      } catch (IOException | RuntimeException e) {
        failure = "commit of " + root + " failed: " + e;
        throw e;
      }
      lastCommit = clock.instant();
      failure = null;
    }
  }

  /**
   * Deletes the days older than the policy's longest retention, then, in younger days, the streams of
   * services whose shorter retention has passed; returns the days deleted whole.
   */
  List<LocalDate> enforceRetention() throws IOException {
    synchronized (commitLock) {
      RetentionPolicy policy = retention;
      Instant now = clock.instant();
      List<LocalDate> deleted = new ArrayList<>();
      for (Day d : days.values()) {
        if (isExpired(d.date(), now.minus(policy.longest()))) {
          lock.writeLock().lock();
          try {
            days.remove(d.date());
          } finally {
            lock.writeLock().unlock();
          }
          for (StreamState s : d.streams().values()) {
            closeQuietly(s.file);
          }
          deleteTree(d.dir());
          deleted.add(d.date());
          log.info("{}: retention {} deleted the chunks of {}", type.dataset(), policy.longest(), d.date());
          continue;
        }
        for (StreamState s : d.streams().values()) {
          String service = s.head.service;
          if (!isExpired(d.date(), now.minus(policy.retentionOf(service)))) {
            continue;
          }
          lock.writeLock().lock();
          try {
            d.streams().remove(service);
          } finally {
            lock.writeLock().unlock();
          }
          StreamFile f = s.file;
          if (f != null) {
            closeQuietly(f);
            Files.deleteIfExists(f.path);
          }
          log.info("{}: retention {} of service {} deleted its chunks of {}", type.dataset(),
              policy.retentionOf(service), service, d.date());
        }
      }
      return deleted;
    }
  }

  private static void closeQuietly(StreamFile f) {
    if (f == null) {
      return;
    }
    try {
      f.close();
    } catch (IOException e) {
      log.warn("closing {} failed: {}", f.path, e.toString());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  void retention(RetentionPolicy policy) {
    this.retention = policy;
  }

  RetentionPolicy retention() {
    return retention;
  }

  /**
   * The streams of the days that may hold timestamps in {@code [startNanos, endNanos)} (all days when
   * {@code startNanos} is {@code Long.MIN_VALUE}), newest day first; {@code services} null means all.
   * Each view pairs a stream's sealed chunks with its head as they were at one moment.
   */
  List<StreamView> streams(long startNanos, long endNanos, Set<String> services) {
    if (endNanos <= startNanos) {
      return List.of();
    }
    Map<LocalDate, Day> range = startNanos == Long.MIN_VALUE && endNanos == Long.MAX_VALUE ? days
        : days.subMap(dayOf(startNanos), true, dayOf(endNanos - 1), true);
    List<StreamView> out = new ArrayList<>();
    for (Day d : range.values()) {
      for (StreamState s : d.streams().values()) {
        if (services != null && !services.contains(s.head.service)) {
          continue;
        }
        synchronized (s.head) { // sealing holds this lock: the chunks and the head do not overlap
          StreamFile f = s.file;
          int n = f == null ? 0 : f.chunkCount();
          List<StreamFile.Chunk> chunks = f == null ? List.of() : f.chunks(n);
          List<StreamFile.Group> groups = f == null ? List.of() : f.groups(n);
          out.add(new StreamView(s.head.service, chunks, groups, s.head.snapshot()));
        }
      }
    }
    return out;
  }

  /** A sealed chunk's records, from the cache when they were read lately. */
  Records read(StreamFile.Chunk chunk) {
    try {
      return cache.get(chunk);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + type.dataset() + " chunk of " + chunk.service() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Receives one record's codec form: {@code bytes[offset, offset + length)}, valid during the call only. */
  interface RecordSink {
    void accept(byte[] bytes, int offset, int length);
  }

  /**
   * Hands {@code sink} the records of a sealed chunk that hold one hash of every alternative of
   * {@code required} ({@link Records#holdsAll}). For id lookups, which keep a few records of each chunk
   * they read: a chunk the cache holds is read from it; any other is read through pooled buffers and
   * not cached, since lookups of random ids would only churn the cache (and the old generation with it).
   */
  void forEachHolding(StreamFile.Chunk chunk, List<long[]> required, RecordSink sink) {
    Records cached = cache.peek(chunk);
    if (cached != null) {
      for (int i = 0; i < cached.count; i++) {
        if (cached.holdsAll(i, required)) {
          sink.accept(cached.raw, cached.offset[i], cached.length[i]);
        }
      }
      return;
    }
    ChunkBuffers b = takeBuffers();
    try {
      byte[] raw = chunk.file().readInto(chunk, b);
      Records.Cursor in = new Records.Cursor(raw, chunk.rawLength(), chunk.count());
      while (in.next()) {
        if (in.holdsAll(required)) {
          sink.accept(raw, in.offset, in.length);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + type.dataset() + " chunk of " + chunk.service() + " failed: "
          + e.getMessage(), e);
    } finally {
      giveBack(b);
    }
  }

  private ChunkBuffers takeBuffers() {
    ChunkBuffers b = buffers.poll();
    return b != null ? b : new ChunkBuffers();
  }

  private void giveBack(ChunkBuffers b) {
    if (!buffers.offer(b)) {
      b.close();
    }
  }

  java.util.concurrent.ExecutorService scanPool() {
    return scanPool;
  }

  /** Service names with data, sorted. */
  List<String> services() {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (Day d : days.values()) {
      out.addAll(d.streams().keySet());
    }
    return List.copyOf(out);
  }

  CheckResult check() {
    WriteAheadLog w = wal;
    if (w == null) {
      return CheckResult.failed(type.dataset() + " store is not started");
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

  long chunkBytes() {
    long n = 0;
    for (Day d : days.values()) {
      for (StreamState s : d.streams().values()) {
        StreamFile f = s.file;
        n += f == null ? 0 : f.sizeBytes();
      }
    }
    return n;
  }

  long walSizeBytes() {
    WriteAheadLog w = wal;
    return w == null ? 0 : w.sizeBytes();
  }

  long walFsyncs() {
    WriteAheadLog w = wal;
    return w == null ? 0 : w.fsyncs();
  }

  long recordCount() {
    long n = 0;
    for (Day d : days.values()) {
      for (StreamState s : d.streams().values()) {
        StreamFile f = s.file;
        if (f != null) {
          for (StreamFile.Chunk c : f.chunks()) {
            n += c.count();
          }
        }
        n += s.head.count();
      }
    }
    return n;
  }

  Instant lastCommit() {
    return lastCommit;
  }

  List<LocalDate> days() {
    return List.copyOf(days.keySet());
  }

  /** Commits, then closes every file and the WAL. */
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
    for (Day d : days.values()) {
      for (StreamState s : d.streams().values()) {
        closeQuietly(s.file);
      }
    }
    days.clear();
    cache.clear();
    for (ChunkBuffers b; (b = buffers.poll()) != null; ) {
      b.close();
    }
    WriteAheadLog w = wal;
    if (w != null) {
      w.close();
    }
  }

  /** Read chunks, least recently used dropped first once their raw bytes pass a budget. */
  private static final class RecordsCache {
    private final long budget;
    private long bytes;
    private final LinkedHashMap<StreamFile.Chunk, Records> map = new LinkedHashMap<>(64, 0.75f, true);

    RecordsCache(long budget) {
      this.budget = budget;
    }

    /** The chunk's records if they are cached, without reading or caching them otherwise. */
    synchronized Records peek(StreamFile.Chunk c) {
      return map.get(c);
    }

    Records get(StreamFile.Chunk c) throws IOException {
      synchronized (this) {
        Records r = map.get(c);
        if (r != null) {
          return r;
        }
      }
      Records r = c.read();
      synchronized (this) {
        if (map.put(c, r) == null) {
          bytes += c.rawLength();
        }
        var it = map.entrySet().iterator();
        while (bytes > budget && it.hasNext()) {
          bytes -= it.next().getKey().rawLength();
          it.remove();
        }
      }
      return r;
    }

    synchronized void clear() {
      map.clear();
      bytes = 0;
    }
  }
}
