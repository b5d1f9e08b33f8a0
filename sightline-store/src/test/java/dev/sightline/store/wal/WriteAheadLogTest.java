package dev.sightline.store.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriteAheadLogTest {
  private static final WalOptions SMALL_SEGMENTS = WalOptions.builder().segmentSizeBytes(1024)
      .fsyncPolicy(FsyncPolicy.NEVER).build();

  @TempDir Path dir;

  record Entry(long sequence, String text) {}

  private static List<Entry> readAll(WriteAheadLog wal, long after) throws IOException {
    List<Entry> out = new ArrayList<>();
    wal.replay(after, (seq, r) -> out.add(new Entry(seq, new String(r, UTF_8))));
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  @Test
  void roundTripAssignsSequencesFromOne() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(wal.lastSequence()).isZero();
      assertThat(wal.append(bytes("a"))).isEqualTo(1);
      assertThat(wal.append(List.of(bytes("b"), bytes(""), bytes("d")))).isEqualTo(4);
      assertThat(wal.append(List.of())).isEqualTo(4);
      assertThat(readAll(wal, 0)).containsExactly(new Entry(1, "a"), new Entry(2, "b"), new Entry(3, ""),
          new Entry(4, "d"));
      assertThat(readAll(wal, 2)).extracting(Entry::sequence).containsExactly(3L, 4L);
      assertThat(wal.sizeBytes()).isEqualTo(8 + 4 * 8 + 3);
      assertThat(wal.check().ok()).isTrue();
    }
  }

  @Test
  void restartContinuesSequencesAcrossSegments() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 100; i++) {
        wal.append(bytes("record-" + i + "-" + "x".repeat(50)));
      }
    }
    assertThat(segmentFiles()).hasSizeGreaterThan(3);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      assertThat(wal.lastSequence()).isEqualTo(100);
      assertThat(wal.append(bytes("after-restart"))).isEqualTo(101);
      List<Entry> all = readAll(wal, 0);
      assertThat(all).hasSize(101);
      for (int i = 0; i < 100; i++) {
        assertThat(all.get(i)).isEqualTo(new Entry(i + 1, "record-" + (i + 1) + "-" + "x".repeat(50)));
      }
      assertThat(readAll(wal, 97)).extracting(Entry::sequence).containsExactly(98L, 99L, 100L, 101L);
    }
  }

  @Test
  void tornTailIsTruncatedAndEveryCompleteRecordKept() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.append(List.of(bytes("one"), bytes("two"), bytes("three-is-longer")));
    }
    Path segment = segmentFiles().get(0);
    long full = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(full - 5); // crash in the middle of writing the third record
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(wal.lastSequence()).isEqualTo(2);
      assertThat(readAll(wal, 0)).containsExactly(new Entry(1, "one"), new Entry(2, "two"));
      assertThat(wal.append(bytes("three-again"))).isEqualTo(3);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(readAll(wal, 0)).extracting(Entry::text).containsExactly("one", "two", "three-again");
    }
  }

  @Test
  void garbageAfterTheLastRecordIsCutOff() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.append(List.of(bytes("one"), bytes("two")));
    }
    Path segment = segmentFiles().get(0);
    long intact = Files.size(segment);
    // A plausible-looking frame (small length) with a wrong checksum, then random bytes.
    Files.write(segment, new byte[] {0, 0, 0, 3, 1, 2, 3, 4, 'x', 'y', 'z', 9, 9}, StandardOpenOption.APPEND);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(readAll(wal, 0)).extracting(Entry::text).containsExactly("one", "two");
      assertThat(Files.size(segment)).isEqualTo(intact);
      assertThat(wal.sizeBytes()).isEqualTo(intact);
    }
  }

  @Test
  void hugeClaimedLengthIsTreatedAsTornNotAllocated() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.append(bytes("one"));
    }
    Path segment = segmentFiles().get(0);
    Files.write(segment, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1},
        StandardOpenOption.APPEND);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(readAll(wal, 0)).extracting(Entry::text).containsExactly("one");
    }
  }

  @Test
  void flippedPayloadByteIsDetectedByTheChecksum() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.append(List.of(bytes("one"), bytes("two")));
    }
    Path segment = segmentFiles().get(0);
    byte[] content = Files.readAllBytes(segment);
    content[content.length - 1] ^= 0x01;
    Files.write(segment, content);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(readAll(wal, 0)).extracting(Entry::text).containsExactly("one");
      assertThat(wal.lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void tornSegmentHeaderIsRewritten() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      wal.append(bytes("x".repeat(600)));
      wal.append(bytes("y".repeat(600))); // rolls to segment 2
    }
    List<Path> files = segmentFiles();
    assertThat(files).hasSize(2);
    try (FileChannel ch = FileChannel.open(files.get(1), StandardOpenOption.WRITE)) {
      ch.truncate(3);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      assertThat(wal.lastSequence()).isEqualTo(1);
      assertThat(wal.append(bytes("z"))).isEqualTo(2);
      assertThat(readAll(wal, 0)).extracting(Entry::sequence).containsExactly(1L, 2L);
    }
  }

  @Test
  void foreignFileWithSegmentNameIsRejectedWithItsName() throws IOException {
    Files.writeString(dir.resolve("00000000000000000001.wal"), "hello, not a wal");
    assertThatThrownBy(() -> WriteAheadLog.open(dir, WalOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a Sightline WAL segment")
        .hasMessageContaining("00000000000000000001.wal");
  }

  @Test
  void truncateBeforeDeletesOnlyWholeSegmentsBelowTheSequence() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      for (int i = 1; i <= 50; i++) {
        wal.append(bytes("r" + i + "-" + "x".repeat(100)));
      }
      int before = segmentFiles().size();
      long sizeBefore = wal.sizeBytes();
      wal.truncateBefore(30);
      assertThat(segmentFiles()).hasSizeLessThan(before);
      assertThat(wal.sizeBytes()).isLessThan(sizeBefore);
      List<Entry> left = readAll(wal, 0);
      assertThat(left.get(0).sequence()).isLessThanOrEqualTo(30);
      assertThat(left).extracting(Entry::sequence).contains(30L, 50L);
      assertThat(left.get(left.size() - 1)).isEqualTo(new Entry(50, "r50-" + "x".repeat(100)));

      wal.truncateBefore(Long.MAX_VALUE); // the active segment always stays
      assertThat(segmentFiles()).hasSize(1);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
      assertThat(wal.lastSequence()).isEqualTo(50);
      assertThat(wal.append(bytes("next"))).isEqualTo(51);
    }
  }

  @Test
  void skipToMovesNumberingForwardAcrossRestarts() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.skipTo(100); // empty log
      assertThat(wal.append(bytes("a"))).isEqualTo(101);
      wal.skipTo(50); // behind: no-op
      wal.skipTo(200); // non-empty segment: rolls
      assertThat(wal.lastSequence()).isEqualTo(200);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(wal.lastSequence()).isEqualTo(200);
      assertThat(wal.append(bytes("b"))).isEqualTo(201);
      assertThat(readAll(wal, 0)).containsExactly(new Entry(101, "a"), new Entry(201, "b"));
      wal.truncateBefore(201);
      assertThat(readAll(wal, 0)).containsExactly(new Entry(201, "b"));
    }
  }

  @Test
  void oversizeRecordIsRejectedAndNothingIsWritten() throws IOException {
    WalOptions options = WalOptions.builder().maxRecordBytes(100).build();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, options)) {
      assertThatThrownBy(() -> wal.append(List.of(bytes("ok"), new byte[101])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("101 bytes exceeds maxRecordBytes 100");
      assertThat(wal.lastSequence()).isZero();
      assertThat(wal.append(new byte[100])).isEqualTo(1);
      assertThat(wal.check().ok()).isTrue();
    }
  }

  @Test
  void oneFsyncCoversEveryRecordWrittenBeforeIt() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.builder().fsyncPolicy(FsyncPolicy.ALWAYS).build())) {
      long a = wal.write(List.of(bytes("a")));
      long b = wal.write(List.of(bytes("b"), bytes("c")));
      assertThat(wal.fsyncs()).isZero();
      wal.sync(b);
      assertThat(wal.fsyncs()).isEqualTo(1);
      wal.sync(a); // covered by the fsync for b: returns without another
      wal.sync(b);
      assertThat(wal.fsyncs()).isEqualTo(1);
      wal.append(bytes("d"));
      assertThat(wal.fsyncs()).isEqualTo(2);
    }
  }

  @Test
  void aRollSyncsTheSegmentItCloses() throws IOException {
    WalOptions options = WalOptions.builder().segmentSizeBytes(1024).fsyncPolicy(FsyncPolicy.ALWAYS).build();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, options)) {
      long a = wal.write(List.of(new byte[600]));
      wal.write(List.of(new byte[600])); // does not fit: the first segment is synced and closed
      assertThat(segmentFiles()).hasSize(2);
      assertThat(wal.fsyncs()).isEqualTo(1);
      wal.sync(a);
      assertThat(wal.fsyncs()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = FsyncPolicy.class, names = {"NEVER", "ALWAYS"})
  void concurrentAppendersGetDistinctSequencesAndNoRecordIsLost(FsyncPolicy policy) throws Exception {
    int threads = 4;
    int perThread = 500;
    // With ALWAYS, rolls (every few records) close segments that other threads' fsyncs may be syncing.
    WalOptions options = WalOptions.builder().segmentSizeBytes(1024).fsyncPolicy(policy).build();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, options)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            seqs.add(wal.append(bytes(id + ":" + i)));
          }
          return seqs;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        List<Long> seqs = f.get();
        assertThat(seqs).isSorted();
        all.addAll(seqs);
      }
      pool.shutdown();
      assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
      assertThat(wal.lastSequence()).isEqualTo(threads * perThread);
      List<Entry> replayed = readAll(wal, 0);
      assertThat(replayed).extracting(Entry::sequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
      // Each thread's records appear in its own order.
      for (int t = 0; t < threads; t++) {
        String prefix = t + ":";
        List<String> mine = replayed.stream().map(Entry::text).filter(s -> s.startsWith(prefix)).toList();
        assertThat(mine).hasSize(perThread);
        for (int i = 0; i < perThread; i++) {
          assertThat(mine.get(i)).isEqualTo(prefix + i);
        }
      }
    }
  }

  @Test
  void checkFailsWhenDirectoryIsNotWritableOrClosed() throws IOException {
    WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults());
    assertThat(wal.check().ok()).isTrue();
    if (dir.toFile().setWritable(false) && !Files.isWritable(dir)) { // root ignores permissions
      try {
        assertThat(wal.check().ok()).isFalse();
        assertThat(wal.check().reason()).contains("not writable").contains(dir.toString());
      } finally {
        dir.toFile().setWritable(true);
      }
    }
    wal.close();
    assertThat(wal.check().ok()).isFalse();
    assertThat(wal.check().reason()).contains("closed");
    assertThatThrownBy(() -> wal.append(bytes("late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void optionsRejectNonsense() {
    assertThatThrownBy(() -> WalOptions.builder().segmentSizeBytes(10))
        .hasMessageContaining("segmentSizeBytes");
    assertThatThrownBy(() -> WalOptions.builder().maxRecordBytes(0)).hasMessageContaining("maxRecordBytes");
    assertThat(WalOptions.defaults().fsyncPolicy()).isEqualTo(FsyncPolicy.ALWAYS);
    assertThat(WalOptions.defaults().segmentSizeBytes()).isEqualTo(64L << 20);
  }

  @Test
  void anInterruptDuringAnFsyncFailsTheLogInsteadOfSpinning() throws Exception {
    // An interrupted thread's force() closes the FileChannel (ClosedByInterruptException). Found as a hung
    // server shutdown: the prober's thread, interrupted while it synced, looped in sync() for ever.
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.builder().fsyncPolicy(FsyncPolicy.ALWAYS).build())) {
      long a = wal.write(List.of(bytes("a")));
      ExecutorService one = Executors.newSingleThreadExecutor();
      try {
        Future<Throwable> outcome = one.submit(() -> {
          Thread.currentThread().interrupt();
          try {
            wal.sync(a);
            return null;
          } catch (IOException e) {
            return e;
          } finally {
            Thread.interrupted();
          }
        });
        assertThat(outcome.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IOException.class)
            .hasMessageContaining("closed");
      } finally {
        one.shutdownNow();
      }
      assertThatThrownBy(() -> wal.write(List.of(bytes("b")))).isInstanceOf(IOException.class);
    }
  }
}
