package dev.sightline.store.lucene;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Stored-fields compression with zstd (zstd-jni, the reference C library) in
 * independent sub-blocks of at most {@code subBlockBytes}, so that reading one document decompresses only
 * the sub-blocks that hold it, not the whole chunk.
 *
 * <p>A compressed chunk is: the sub-block length (vInt), the compressed length of each sub-block (vInts;
 * their count follows from the chunk's length, which Lucene records), then the zstd frames. An empty chunk
 * is the length alone.
 */
final class ZstdBlocksCompressionMode extends CompressionMode {
  /** Larger declared sub-blocks are damage: the writer's are tens of KiB. */
  static final int MAX_SUB_BLOCK = 1 << 24;
  /** zstd's default level; other levels were not measured. */
  static final int LEVEL = 3;
  private final int subBlockBytes;

  ZstdBlocksCompressionMode(int subBlockBytes) {
    if (subBlockBytes <= 0 || subBlockBytes > MAX_SUB_BLOCK) {
      throw new IllegalArgumentException("sub-block size must be 1.." + MAX_SUB_BLOCK + ", got " + subBlockBytes);
    }
    this.subBlockBytes = subBlockBytes;
  }

  @Override
  public Compressor newCompressor() {
    return new BlocksCompressor(subBlockBytes);
  }

  @Override
  public Decompressor newDecompressor() {
    return new BlocksDecompressor();
  }

  @Override
  public String toString() {
    return "ZstdBlocks(" + subBlockBytes + ")";
  }

  private static final class BlocksCompressor extends Compressor {
    /** One native context for the writer's life: Zstd's static calls made (and freed) one per frame. */
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(LEVEL);
    private final int subBlockBytes;
    private byte[] raw = BytesRef.EMPTY_BYTES;
    private byte[] packed = BytesRef.EMPTY_BYTES;
    private int[] lengths = new int[16];

    BlocksCompressor(int subBlockBytes) {
      this.subBlockBytes = subBlockBytes;
    }

    @Override
    public void compress(ByteBuffersDataInput in, DataOutput out) throws IOException {
      int length = Math.toIntExact(in.length());
      out.writeVInt(subBlockBytes);
      if (length == 0) {
        return;
      }
      raw = ArrayUtil.growNoCopy(raw, length);
      in.readBytes(raw, 0, length);
      int blocks = (length + subBlockBytes - 1) / subBlockBytes;
      int bound = Math.toIntExact(Zstd.compressBound(subBlockBytes));
      packed = ArrayUtil.growNoCopy(packed, blocks * bound);
      lengths = ArrayUtil.grow(lengths, blocks);
      int at = 0;
      for (int b = 0; b < blocks; b++) {
        int from = b * subBlockBytes;
        int n = Math.min(subBlockBytes, length - from);
        try {
          lengths[b] = zstd.compressByteArray(packed, at, bound, raw, from, n);
        } catch (ZstdException e) {
          throw new IllegalStateException("zstd failed to compress " + n + " bytes: " + e.getMessage(), e);
        }
        at += lengths[b];
      }
      for (int b = 0; b < blocks; b++) {
        out.writeVInt(lengths[b]);
      }
      out.writeBytes(packed, 0, at);
    }

    @Override
    public void close() {
      zstd.close();
    }
  }

  private static final class BlocksDecompressor extends Decompressor {
    private byte[] packed = BytesRef.EMPTY_BYTES;

    @Override
    public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes)
        throws IOException {
      int subBlock = in.readVInt();
      if (subBlock <= 0 || subBlock > MAX_SUB_BLOCK) {
        throw new CorruptIndexException("zstd sub-block size " + subBlock, in);
      }
      if (offset < 0 || length < 0 || offset + length > originalLength) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " outside a chunk of " + originalLength);
      }
      bytes.offset = 0;
      bytes.length = 0;
      if (originalLength == 0 || length == 0) {
        return;
      }
      int blocks = (originalLength + subBlock - 1) / subBlock;
      int first = offset / subBlock;
      int last = (offset + length - 1) / subBlock;
      long skip = 0;
      int[] packedLengths = new int[last - first + 1];
      for (int b = 0; b < blocks; b++) {
        int n = in.readVInt();
        if (n < 0 || n > Zstd.compressBound(subBlock)) { // the writer's own bound: anything larger is damage
          throw new CorruptIndexException("zstd frame length " + n + " for a sub-block of " + subBlock, in);
        }
        if (b < first) {
          skip += n;
        } else if (b <= last) {
          packedLengths[b - first] = n;
        }
      }
      in.skipBytes(skip);
      int rawStart = first * subBlock;
      int rawLength = Math.min(originalLength, (last + 1) * subBlock) - rawStart;
      bytes.bytes = ArrayUtil.growNoCopy(bytes.bytes, rawLength);
      int at = 0;
      for (int b = first; b <= last; b++) {
        int n = packedLengths[b - first];
        packed = ArrayUtil.growNoCopy(packed, n);
        in.readBytes(packed, 0, n);
        int expected = Math.min(subBlock, originalLength - b * subBlock);
        long got;
        try {
          got = Zstd.decompressByteArray(bytes.bytes, at, expected, packed, 0, n);
        } catch (ZstdException e) {
          throw new CorruptIndexException("zstd frame " + b + " unreadable: " + e.getMessage(), in, e);
        }
        if (got != expected) {
          throw new CorruptIndexException("zstd frame " + b + " holds " + got + " bytes, not " + expected, in);
        }
        at += (int) got;
      }
      bytes.offset = offset - rawStart;
      bytes.length = length;
    }

    @Override
    public Decompressor clone() {
      return new BlocksDecompressor();
    }
  }
}
