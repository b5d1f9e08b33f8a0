package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class ZstdBlocksCompressionModeTest {
  private static final int SUB_BLOCK = 1000;
  private final ZstdBlocksCompressionMode mode = new ZstdBlocksCompressionMode(SUB_BLOCK);

  @Test
  void everyRangeOfEveryChunkSizeComesBackExactly() throws IOException {
    Random random = new Random(11);
    for (int length : new int[] {0, 1, SUB_BLOCK - 1, SUB_BLOCK, SUB_BLOCK + 1, 10 * SUB_BLOCK + 7}) {
      byte[] raw = compressible(random, length);
      byte[] packed = compress(raw);
      Decompressor d = mode.newDecompressor();
      int[][] ranges = {{0, length}, {0, 0}, {length, 0}, {0, Math.min(1, length)},
          {Math.max(0, length - 1), Math.min(1, length)}};
      for (int[] r : ranges) {
        assertRange(d, packed, raw, r[0], r[1]);
      }
      for (int i = 0; i < 200 && length > 0; i++) {
        int offset = random.nextInt(length);
        assertRange(d.clone(), packed, raw, offset, random.nextInt(length - offset + 1));
      }
    }
  }

  @Test
  void aRangeInsideOneSubBlockReadsOnlyThatFrame() throws IOException {
    byte[] raw = compressible(new Random(3), 5 * SUB_BLOCK);
    byte[] packed = compress(raw);
    ByteArrayDataInput header = new ByteArrayDataInput(packed);
    assertThat(header.readVInt()).isEqualTo(SUB_BLOCK);
    int[] frames = new int[5];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = header.readVInt();
    }
    // Keep the header and the first frame only: a range in the first sub-block still reads.
    byte[] firstFrameOnly = Arrays.copyOf(packed, header.getPosition() + frames[0]);
    assertRange(mode.newDecompressor(), firstFrameOnly, raw, 10, 100);
    assertThatThrownBy(() -> decompress(firstFrameOnly, raw.length, 4 * SUB_BLOCK + 10, 100))
        .isInstanceOfAny(EOFException.class, ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void damagedHeadersAreCorruptionNotHugeAllocations() throws IOException {
    byte[] raw = compressible(new Random(5), 3 * SUB_BLOCK);
    byte[] packed = compress(raw);

    ByteBuffersDataOutput badSize = new ByteBuffersDataOutput();
    badSize.writeVInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> decompress(badSize.toArrayCopy(), raw.length, 0, 10))
        .isInstanceOf(CorruptIndexException.class).hasMessageContaining("sub-block size");

    ByteBuffersDataOutput badFrame = new ByteBuffersDataOutput();
    badFrame.writeVInt(SUB_BLOCK);
    badFrame.writeVInt(1 << 30);
    assertThatThrownBy(() -> decompress(badFrame.toArrayCopy(), raw.length, 0, 10))
        .isInstanceOf(CorruptIndexException.class).hasMessageContaining("frame length");

    ByteBuffersDataOutput garbage = new ByteBuffersDataOutput();
    garbage.writeVInt(SUB_BLOCK);
    garbage.writeVInt(16);
    garbage.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0, 16);
    assertThatThrownBy(() -> decompress(garbage.toArrayCopy(), 100, 0, 10))
        .isInstanceOf(CorruptIndexException.class).hasMessageContaining("zstd frame 0");

    byte[] truncated = Arrays.copyOf(packed, packed.length / 2);
    assertThatThrownBy(() -> decompress(truncated, raw.length, 2 * SUB_BLOCK, 10))
        .isInstanceOfAny(EOFException.class, ArrayIndexOutOfBoundsException.class, CorruptIndexException.class);

    // The chunk claims more bytes than its frames hold.
    assertThatThrownBy(() -> decompress(packed, raw.length + SUB_BLOCK, raw.length, 10))
        .isInstanceOfAny(EOFException.class, ArrayIndexOutOfBoundsException.class, CorruptIndexException.class);
  }

  @Test
  void compressesLogLikeBytes() throws IOException {
    byte[] raw = compressible(new Random(9), 20 * SUB_BLOCK);
    assertThat(compress(raw).length).isLessThan(raw.length / 2);
  }

  private void assertRange(Decompressor d, byte[] packed, byte[] raw, int offset, int length) throws IOException {
    BytesRef out = new BytesRef();
    d.decompress(new ByteArrayDataInput(packed), raw.length, offset, length, out);
    assertThat(Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length))
        .as("%d bytes at %d of %d", length, offset, raw.length)
        .isEqualTo(Arrays.copyOfRange(raw, offset, offset + length));
  }

  private BytesRef decompress(byte[] packed, int originalLength, int offset, int length) throws IOException {
    BytesRef out = new BytesRef();
    mode.newDecompressor().decompress(new ByteArrayDataInput(packed), originalLength, offset, length, out);
    return out;
  }

  private byte[] compress(byte[] raw) throws IOException {
    ByteBuffersDataOutput in = new ByteBuffersDataOutput();
    in.writeBytes(raw, 0, raw.length);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try (Compressor c = mode.newCompressor()) {
      c.compress(in.toDataInput(), out);
    }
    return out.toArrayCopy();
  }

  /** Words from a small vocabulary with some random bytes: compressible, not trivially. */
  private static byte[] compressible(Random random, int length) {
    String[] words = {"level", "INFO", "service", "checkout", "trace_id", " ", "\"", ":", "user"};
    byte[] out = new byte[length];
    int i = 0;
    while (i < length) {
      byte[] w = (random.nextInt(5) == 0 ? Integer.toHexString(random.nextInt()) : words[random.nextInt(words.length)])
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int j = 0; j < w.length && i < length; j++) {
        out[i++] = w[j];
      }
    }
    return out;
  }
}
