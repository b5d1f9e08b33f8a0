package dev.sightline.store.lucene;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * The day indices' codec: Lucene 10.3's, with stored fields compressed with zstd in chunks of
 * {@value #CHUNK_BYTES} bytes, each in independent sub-blocks of {@value #SUB_BLOCK_BYTES}
 * ({@link ZstdBlocksCompressionMode}).
 *
 * <p>Stored fields were Deflate ({@link SightlineDeflateCodec}, Lucene's {@code BEST_COMPRESSION} mode in
 * 240 KiB chunks). Deflating every stored record at flush, and again in merges, was about a fifth of the
 * in-process ingest CPU by JFR's native-method samples, and invisible in its execution samples
 * (BENCHMARKS.md section 5). Zstd took about 6 µs off a log record there (3-11 µs across alternated
 * rounds) for 4-7% more index bytes. A random read decompresses the one sub-block that holds the
 * document; its latency against Deflate's (the chunk's dictionary and a sub-block) was not measured apart
 * from the logs benchmark's trace lookups (p50 3.36 against 2.88 ms, within run-to-run spread). The zstd
 * is zstd-jni's native one: aircompressor's pure-Java zstd (the TSDB's) was no cheaper than native Deflate
 * here (spans 26.7-27.7 against 25.1-25.8 µs of CPU a span in {@code IngestPathBench}), zstd-jni 23.5-24.5.
 *
 * <p>Registered for Lucene's service loader ({@code META-INF/services/org.apache.lucene.codecs.Codec}),
 * which finds it by {@link #NAME} when a segment written with it is opened. Segments written with
 * {@link SightlineDeflateCodec} or plain {@code Lucene103} stay readable under their own names and are
 * rewritten with this codec when merged. Public only for that loader.
 */
public final class SightlineCodec extends FilterCodec {
  /** The name recorded in each segment; never change it, or segments written with it cannot be opened. */
  public static final String NAME = "Sightline103Zstd";
  static final int CHUNK_BYTES = 240 * 1024;
  static final int SUB_BLOCK_BYTES = 24 * 1024;
  private static final int MAX_DOCS_PER_CHUNK = 4096;
  private static final int BLOCK_SHIFT = 10;

  /**
   * One for every instance, the codec Lucene's loader makes to read a segment and the one each writer is
   * configured with alike: a merge copies compressed chunks as they are only when the reader's compression
   * mode <em>is</em> the writer's (Lucene compares them by identity); with a mode per instance every merge
   * decompressed and recompressed every stored record.
   */
  private static final StoredFieldsFormat STORED_FIELDS = new Lucene90CompressingStoredFieldsFormat(
      "SightlineStoredFieldsZstd", new ZstdBlocksCompressionMode(SUB_BLOCK_BYTES), CHUNK_BYTES, MAX_DOCS_PER_CHUNK,
      BLOCK_SHIFT);

  public SightlineCodec() {
    super(NAME, new Lucene103Codec());
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return STORED_FIELDS;
  }
}
