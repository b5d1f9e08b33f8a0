package dev.sightline.store.wal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a WAL segment. A segment is named by the sequence number of its first record
 * ({@code 00000000000000000001.wal}), so sequence numbers need not be stored per record, and starts
 * with an 8-byte header (magic {@code SLWL}, format version, 3 reserved bytes). Each record is
 * {@code [int32 length][int32 crc32c over length and payload][payload]}, big-endian; covering the
 * length by the checksum means a torn or flipped length is detected like a torn payload.
 */
final class SegmentFormat {
  static final int MAGIC = 0x534C574C; // "SLWL"
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int RECORD_OVERHEAD = 8;
  private static final String SUFFIX = ".wal";

  private SegmentFormat() {}

  static String fileName(long firstSequence) {
    return String.format("%020d%s", firstSequence, SUFFIX);
  }

  /** The first sequence number of a segment file, or -1 when the name is not a segment's. */
  static long firstSequenceOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name, 0, 20, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.putInt(MAGIC).put(VERSION).put((byte) 0).put((byte) 0).put((byte) 0).flip();
    return b;
  }

  static int checksum(int length, byte[] payload, int offset, int count) {
    CRC32C crc = new CRC32C();
    crc.update((length >>> 24) & 0xFF);
    crc.update((length >>> 16) & 0xFF);
    crc.update((length >>> 8) & 0xFF);
    crc.update(length & 0xFF);
    crc.update(payload, offset, count);
    return (int) crc.getValue();
  }

  /** Appends one framed record to {@code out}, which must have room for it. */
  static void writeRecord(ByteBuffer out, byte[] record) {
    out.putInt(record.length);
    out.putInt(checksum(record.length, record, 0, record.length));
    out.put(record);
  }
}
