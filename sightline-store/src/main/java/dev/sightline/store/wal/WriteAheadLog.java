package dev.sightline.store.wal;

import dev.sightline.store.CheckResult;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write-ahead log of opaque byte records, in numbered segment files in one directory.
 *
 * <p>Every record gets a sequence number: the first record ever appended is 1, numbers grow by one per
 * record and continue after a restart. When {@link #append} returns, the records are on disk as the
 * {@link FsyncPolicy} promises (at most one fsync per call, shared with concurrent callers: see
 * {@link #sync}; callers batch to amortise it). {@link #open}
 * validates every record's length and CRC32C and cuts off a torn or corrupt tail, which is what a crash
 * in the middle of a write leaves; every record acknowledged before the crash survives.
 *
 * <p>Thread-safe. {@link #replay} holds the log's lock while it runs, so appends wait for it; a visitor
 * must not call back into the log.
 */
public final class WriteAheadLog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);

  private final Path dir;
  private final WalOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  /** Held by the one thread that runs an fsync for {@link #sync}; never taken while holding {@link #lock}. */
  private final ReentrantLock syncLock = new ReentrantLock();
  /** Every record up to this sequence is on disk (with {@link FsyncPolicy#ALWAYS}). */
  private final AtomicLong syncedSequence;
  private final AtomicLong fsyncs = new AtomicLong();
  private final List<WalSegment> segments; // sorted by first sequence; the last one is active
  private FileChannel active;
  private volatile long lastSequence;
  private volatile long sizeBytes;
  private volatile String failure;
  private volatile boolean closed;

  private WriteAheadLog(Path dir, WalOptions options, List<WalSegment> segments, long lastSequence) {
    this.dir = dir;
    this.options = options;
    this.segments = segments;
    this.lastSequence = lastSequence;
    this.syncedSequence = new AtomicLong(lastSequence); // what open() found is on disk
    this.sizeBytes = segments.stream().mapToLong(s -> s.size).sum();
  }

  /**
   * Opens (creating if needed) the log in {@code dir}: scans every segment, truncates a torn tail and
   * logs what it cut off. Throws when a file in the directory is not a segment this build can read.
   */
  public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Files.createDirectories(dir);
    List<WalSegment> segments = new ArrayList<>();
    long lastSequence = new SegmentScan(dir).scanInto(segments);
    WriteAheadLog wal = new WriteAheadLog(dir, options, segments, lastSequence);
    if (segments.isEmpty()) {
      wal.startSegment(lastSequence + 1);
    } else {
      WalSegment last = segments.get(segments.size() - 1);
      wal.active = FileChannel.open(last.path, StandardOpenOption.WRITE);
      wal.active.position(last.size);
    }
    return wal;
  }

  /** Appends one record; see {@link #append(List)}. */
  public long append(byte[] record) throws IOException {
    return append(List.of(record));
  }

  /**
   * Appends the records in order, all into one segment, and fsyncs once (per the policy): {@link #write}
   * then {@link #sync}.
   *
   * @return the sequence number of the last record; {@link #lastSequence()} when {@code records} is empty
   * @throws IllegalArgumentException when a record is larger than {@link WalOptions#maxRecordBytes()}
   * @throws IOException when the write or fsync failed; the log then refuses further appends and
   *     {@link #check()} reports it, because after a failed fsync the kernel may have dropped the pages
   */
  public long append(List<byte[]> records) throws IOException {
    long sequence = write(records);
    sync(sequence);
    return sequence;
  }

  /**
   * Writes the records in order, all into one segment, without waiting for the disk: they are durable
   * once {@link #sync} of the returned sequence returns. A caller that must not hold its own locks
   * during an fsync writes under them and syncs after.
   *
   * @return the sequence number of the last record; {@link #lastSequence()} when {@code records} is empty
   * @throws IllegalArgumentException when a record is larger than {@link WalOptions#maxRecordBytes()}
   * @throws IOException when the write failed; the log then refuses further writes
   */
  public long write(List<byte[]> records) throws IOException {
    long batchBytes = 0;
    for (byte[] r : records) {
      Objects.requireNonNull(r, "record");
      if (r.length > options.maxRecordBytes()) {
        throw new IllegalArgumentException("WAL record of " + r.length + " bytes exceeds maxRecordBytes "
            + options.maxRecordBytes());
      }
      batchBytes += SegmentFormat.RECORD_OVERHEAD + r.length;
    }
    lock.lock();
    try {
      ensureWritable();
      if (records.isEmpty()) {
        return lastSequence;
      }
      WalSegment current = segments.get(segments.size() - 1);
      if (current.size > SegmentFormat.HEADER_BYTES && current.size + batchBytes > options.segmentSizeBytes()) {
        roll();
        current = segments.get(segments.size() - 1);
      }
      try {
        writeFully(records);
      } catch (IOException | RuntimeException e) {
        failure = "append to " + current.path + " failed: " + e;
        throw e;
      }
      current.size += batchBytes;
      sizeBytes += batchBytes;
      lastSequence += records.size();
      return lastSequence;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns once every record up to {@code sequence} is on disk as the {@link FsyncPolicy} promises.
   * This is group commit: one fsync covers every record written before it began, so a caller whose
   * records an fsync already covered returns at once, and concurrent callers share fsyncs instead of
   * queueing one each behind the log's lock (the lock is not held during an fsync, so writes go on).
   *
   * @throws IOException when the fsync failed; the log then refuses further writes
   */
  public void sync(long sequence) throws IOException {
    if (options.fsyncPolicy() != FsyncPolicy.ALWAYS || syncedSequence.get() >= sequence) {
      return;
    }
    syncLock.lock();
    try {
      while (syncedSequence.get() < sequence) {
        FileChannel channel;
        long upTo;
        lock.lock();
        try {
          ensureWritable();
          channel = active;
          upTo = lastSequence;
        } finally {
          lock.unlock();
        }
        try {
          channel.force(false);
          fsyncs.incrementAndGet();
          syncedSequence.accumulateAndGet(upTo, Math::max);
        } catch (ClosedChannelException e) {
          // A roll forced this segment and closed it meanwhile (and advanced syncedSequence past it), or
          // the log was closed: the next round tells which. If neither, the channel was closed under the
          // log (an interrupt during force() closes a FileChannel): it can never sync again, and trying
          // would spin here for ever holding syncLock.
          lock.lock();
          try {
            ensureOpen();
            if (active == channel) {
              failure = "fsync of " + dir + " failed: its segment was closed (" + e + ")";
              throw new IOException(failure, e);
            }
          } finally {
            lock.unlock();
          }
        } catch (IOException e) {
          failure = "fsync of " + dir + " failed: " + e;
          throw e;
        }
      }
    } finally {
      syncLock.unlock();
    }
  }

  private void writeFully(List<byte[]> records) throws IOException {
    // A gathering write of [frame header, payload] pairs avoids copying large payloads.
    ByteBuffer[] buffers = new ByteBuffer[records.size() * 2];
    for (int i = 0; i < records.size(); i++) {
      byte[] r = records.get(i);
      buffers[2 * i] = ByteBuffer.allocate(SegmentFormat.RECORD_OVERHEAD)
          .putInt(r.length).putInt(SegmentFormat.checksum(r.length, r, 0, r.length)).flip();
      buffers[2 * i + 1] = ByteBuffer.wrap(r);
    }
    int first = 0;
    while (first < buffers.length) {
      active.write(buffers, first, buffers.length - first);
      while (first < buffers.length && !buffers[first].hasRemaining()) {
        first++;
      }
    }
  }

  /**
   * Calls the visitor with every record whose sequence number is greater than {@code afterSequence},
   * in order. Records lost to a corrupt segment in the middle of the log are skipped (their loss was
   * logged when the log was opened).
   */
  public void replay(long afterSequence, RecordVisitor visitor) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      for (int i = 0; i < segments.size(); i++) {
        WalSegment s = segments.get(i);
        if (i + 1 < segments.size() && segments.get(i + 1).firstSequence <= afterSequence + 1) {
          continue; // every record of this segment is at or before afterSequence
        }
        try (SegmentReader reader = new SegmentReader(s.path)) {
          long sequence = s.firstSequence;
          for (byte[] r = reader.next(); r != null && reader.validBytes() <= s.size; r = reader.next()) {
            if (sequence > afterSequence) {
              visitor.accept(sequence, r);
            }
            sequence++;
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes every segment file whose records all have sequence numbers below {@code sequence}. The
   * active segment is never deleted, so numbering continues after a restart.
   */
  public void truncateBefore(long sequence) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      while (segments.size() > 1 && segments.get(1).firstSequence <= sequence) {
        WalSegment s = segments.remove(0);
        Files.deleteIfExists(s.path);
        sizeBytes -= s.size;
        log.debug("WAL {}: deleted segment {} (records before {})", dir, s.path.getFileName(), sequence);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves numbering forward so the next record gets {@code sequence + 1}; no-op when the log is already
   * there. For a caller whose own state (an index commit) refers to sequence numbers this log no
   * longer has, because its directory was deleted or lost unsynced records in a power failure: without
   * this, new records would reuse numbers the caller believes it already holds.
   */
  public void skipTo(long sequence) throws IOException {
    lock.lock();
    try {
      ensureWritable();
      if (sequence <= lastSequence) {
        return;
      }
      WalSegment current = segments.get(segments.size() - 1);
      if (current.size == SegmentFormat.HEADER_BYTES) { // empty: its name would now be wrong
        active.close();
        Files.delete(current.path);
        segments.remove(segments.size() - 1);
        sizeBytes -= current.size;
        lastSequence = sequence;
        startSegment(sequence + 1);
      } else {
        lastSequence = sequence;
        roll();
      }
      log.warn("WAL {}: numbering moved forward to {}", dir, sequence);
    } finally {
      lock.unlock();
    }
  }

  /** The sequence number of the last record appended, 0 when the log has never held a record. */
  public long lastSequence() {
    return lastSequence;
  }

  /** The fsyncs of records run so far: with {@link FsyncPolicy#ALWAYS}, concurrent appends share them. */
  public long fsyncs() {
    return fsyncs.get();
  }

  /** Bytes on disk, over all segments. */
  public long sizeBytes() {
    return sizeBytes;
  }

  public Path directory() {
    return dir;
  }

  /** Healthy unless a write or fsync failed, the log is closed, or its directory is not writable. */
  public CheckResult check() {
    String f = failure;
    if (f != null) {
      return CheckResult.failed("write-ahead log " + dir + " stopped accepting writes after an I/O error ("
          + f + "); check the disk, then restart to recover from the log");
    }
    if (closed) {
      return CheckResult.failed("write-ahead log " + dir + " is closed");
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      return CheckResult.failed("write-ahead log directory " + dir + " is missing or not writable; "
          + "check its permissions and the disk");
    }
    return CheckResult.OK;
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (options.fsyncPolicy() == FsyncPolicy.ALWAYS && failure == null) {
        active.force(false);
      }
      active.close();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + dir + " is closed");
    }
  }

  private void ensureWritable() throws IOException {
    ensureOpen();
    if (failure != null) {
      throw new IOException("write-ahead log " + dir + " refuses writes after an earlier failure: " + failure);
    }
  }

  private void roll() throws IOException {
    try {
      if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) { // what it holds may not be synced yet
        active.force(false);
        fsyncs.incrementAndGet();
        syncedSequence.accumulateAndGet(lastSequence, Math::max);
      }
      active.close();
      startSegment(lastSequence + 1);
    } catch (IOException e) {
      failure = "starting a new segment in " + dir + " failed: " + e;
      throw e;
    }
  }

  private void startSegment(long firstSequence) throws IOException {
    Path path = dir.resolve(SegmentFormat.fileName(firstSequence));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    ByteBuffer header = SegmentFormat.header();
    while (header.hasRemaining()) {
      channel.write(header);
    }
    if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
      channel.force(true);
      SegmentScan.fsyncDirectory(dir);
    }
    active = channel;
    segments.add(new WalSegment(firstSequence, path, SegmentFormat.HEADER_BYTES));
    sizeBytes += SegmentFormat.HEADER_BYTES;
  }
}
