package dev.sightline.store.chunk;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * What a reader that keeps nothing of a chunk reads it with (an id lookup, which decodes a few of its
 * records and drops the rest), and what a writer seals a head with: zstd contexts and two arrays that
 * grow to the largest chunk, all reused. Reading a chunk into fresh arrays instead allocated ~1 MB per
 * trace lookup at 10 M spans, and the young collections that paid for it set the lookups' p99
 * (BENCHMARKS.md section 2). One thread at a time; {@link ChunkDataset} pools them.
 */
final class ChunkBuffers implements AutoCloseable {
  final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
  /** Made on the first seal: readers never need one. */
  private ZstdCompressCtx compressor;
  private byte[] compressed = new byte[0];
  private byte[] raw = new byte[0];

  /** An array of at least {@code n} bytes for a compressed body; its contents are undefined. */
  byte[] compressed(int n) {
    if (compressed.length < n) {
      compressed = new byte[grown(n)];
    }
    return compressed;
  }

  /** An array of at least {@code n} bytes for a decompressed body; its contents are undefined. */
  byte[] raw(int n) {
    if (raw.length < n) {
      raw = new byte[grown(n)];
    }
    return raw;
  }

  /** A compression context at {@code level}. */
  ZstdCompressCtx compressor(int level) {
    if (compressor == null) {
      compressor = new ZstdCompressCtx();
    }
    return compressor.setLevel(level);
  }

  private static int grown(int n) {
    return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(n, n + (n >> 2)));
  }

  @Override
  public void close() {
    zstd.close();
    if (compressor != null) {
      compressor.close();
    }
  }
}
