package dev.sightline.store.wal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the records of one segment in order, validating each frame, and stops at the first record
 * that is incomplete or fails its checksum. {@link #validBytes()} is then where the intact prefix
 * ends and {@link #problem()} says what was wrong, for the log line that reports a truncation.
 */
final class SegmentReader implements Closeable {
  private final Path file;
  private final long fileSize;
  private final DataInputStream in;
  private long validBytes;
  private String problem;

  SegmentReader(Path file) throws IOException {
    this.file = file;
    this.fileSize = Files.size(file);
    this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    readHeader();
  }

  private void readHeader() throws IOException {
    if (fileSize < SegmentFormat.HEADER_BYTES) {
      problem = "segment header is incomplete (" + fileSize + " of " + SegmentFormat.HEADER_BYTES + " bytes)";
      return;
    }
    int magic = in.readInt();
    byte version = in.readByte();
    in.skipNBytes(3);
    if (magic != SegmentFormat.MAGIC) {
      throw new IOException("not a Sightline WAL segment (bad magic 0x" + Integer.toHexString(magic) + "): "
          + file);
    }
    if (version != SegmentFormat.VERSION) {
      throw new IOException("unsupported WAL segment version " + version + " (this build reads version "
          + SegmentFormat.VERSION + "): " + file);
    }
    validBytes = SegmentFormat.HEADER_BYTES;
  }

  /** The next intact record, or null at the end of the intact prefix. */
  byte[] next() throws IOException {
    if (problem != null) {
      return null;
    }
    long remaining = fileSize - validBytes;
    if (remaining == 0) {
      return null;
    }
    if (remaining < SegmentFormat.RECORD_OVERHEAD) {
      problem = "incomplete record header at offset " + validBytes;
      return null;
    }
    int length = in.readInt();
    int crc = in.readInt();
    if (length < 0 || length > remaining - SegmentFormat.RECORD_OVERHEAD) {
      problem = "record at offset " + validBytes + " claims " + length + " bytes but " + 
          (remaining - SegmentFormat.RECORD_OVERHEAD) + " remain";
      return null;
    }
    byte[] record = new byte[length];
    try {
      in.readFully(record);
    } catch (EOFException e) {
      problem = "file ended inside the record at offset " + validBytes;
      return null;
    }
    if (SegmentFormat.checksum(length, record, 0, length) != crc) {
      problem = "checksum mismatch in the record at offset " + validBytes;
      return null;
    }
    validBytes += SegmentFormat.RECORD_OVERHEAD + length;
    return record;
  }

  long validBytes() {
    return validBytes;
  }

  long fileSize() {
    return fileSize;
  }

  /** Why reading stopped before the end of the file, or null when the whole file was intact. */
  String problem() {
    return problem;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
