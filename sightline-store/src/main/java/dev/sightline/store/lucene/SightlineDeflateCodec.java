package dev.sightline.store.lucene;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene90.DeflateWithPresetDictCompressionMode;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * The day indices' codec until stored fields moved to zstd ({@link SightlineCodec}), kept so that segments
 * written with it stay readable; merges rewrite them with the current codec. Lucene 10.3's, with stored
 * fields compressed like its {@code BEST_COMPRESSION}
 * (Deflate, each chunk's first part a preset dictionary for its ten sub-blocks) in chunks of
 * {@value #CHUNK_BYTES} bytes instead of 480 KiB.
 *
 * <p>Every event read (a trace, the log lines of a request, a page of results) decompresses, per document,
 * the chunk's dictionary and the sub-block holding it, so the chunk size sets the cost of a random read.
 * Measured on 1 M records of the logs benchmark's 10 M (BENCHMARKS.md section 5): 480 KiB chunks 65.1
 * stored bytes and 128 µs a random document, 240 KiB 70.9 bytes and 74 µs, 80 KiB 85.3 bytes and 35 µs,
 * Lucene's {@code BEST_SPEED} (LZ4) 102.6 bytes and 8.6 µs. A trace or request reads 8–20 documents
 * scattered over as many chunks; 240 KiB keeps the stored bytes within 9% of {@code BEST_COMPRESSION}
 * (size is the embedded store's weak point) and takes ~40% off each read.
 *
 * <p>Registered for Lucene's service loader ({@code META-INF/services/org.apache.lucene.codecs.Codec}),
 * which finds it by {@link #NAME} when a segment written with it is opened; segments written before it
 * (plain {@code Lucene103}) stay readable and are rewritten with it when merged. Public only for that
 * loader.
 */
public final class SightlineDeflateCodec extends FilterCodec {
  /** The name recorded in each segment; never change it, or segments written with it cannot be opened. */
  public static final String NAME = "Sightline103";
  static final int CHUNK_BYTES = 240 * 1024;
  private static final int MAX_DOCS_PER_CHUNK = 4096;
  private static final int BLOCK_SHIFT = 10;

  private final StoredFieldsFormat storedFields = new Lucene90CompressingStoredFieldsFormat(
      "SightlineStoredFieldsDeflate240", new DeflateWithPresetDictCompressionMode(), CHUNK_BYTES, MAX_DOCS_PER_CHUNK,
      BLOCK_SHIFT);

  public SightlineDeflateCodec() {
    super(NAME, new Lucene103Codec());
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
