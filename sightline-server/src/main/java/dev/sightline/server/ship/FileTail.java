package dev.sightline.server.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Follows one log file by name across rotation, as {@code tail -F} does: it keeps reading the file it
 * has open until that file's end, then moves on to whatever now has the name (a new inode, or the same
 * one truncated). On start it resumes from a {@link Checkpoint.Position}; if the file was rotated
 * while the shipper was down, it finds the old file by its identity in the same directory and finishes
 * it first, so lines written just before a rotation are not lost.
 */
final class FileTail implements AutoCloseable {
  /** A complete line and the file position just after it. */
  record Line(String text, String fileKey, long endOffset) {}

  private final Path path;
  private final int maxLineBytes;
  private FileChannel channel;
  private String fileKey;
  private long offset;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
  private long pendingStart;
  private boolean skippingLongLine;

  FileTail(Path path, int maxLineBytes) {
    this.path = path;
    this.maxLineBytes = maxLineBytes;
  }

  Path path() {
    return path;
  }

  /** Opens at a checkpointed position, the rotated predecessor first when it is still around. */
  void open(Checkpoint.Position from) throws IOException {
    String currentKey = keyOf(path);
    if (from != null && currentKey != null && !from.fileKey().equals(currentKey)) {
      Path rotated = findByKey(path.toAbsolutePath().getParent(), from.fileKey());
      if (rotated != null) {
        openFile(rotated, from.fileKey(), from.offset());
        return;
      }
    }
    if (currentKey != null) {
      long start = from != null && from.fileKey().equals(currentKey) ? from.offset() : 0;
      openFile(path, currentKey, Math.min(start, Files.size(path)));
    }
  }

  /**
   * Reads complete lines into {@code out} until it holds {@code maxLines} or {@code maxBytes}, or the
   * file has nothing more now. Switches to the file now at the path when the current one is exhausted
   * and has been replaced or truncated.
   */
  void poll(List<Line> out, int maxLines, long maxBytes) throws IOException {
    long bytes = 0;
    while (out.size() < maxLines && bytes < maxBytes) {
      if (channel == null) {
        open(null);
        if (channel == null) {
          return; // the file does not exist (yet)
        }
      }
      buffer.clear();
      int n = channel.read(buffer, offset);
      if (n <= 0) {
        String nowKey = keyOf(path);
        if (nowKey != null && (!nowKey.equals(fileKey) || Files.size(path) < offset)) {
          if (pending.size() > 0 && !skippingLongLine) {
            // The writer moved on: its last, unterminated line will never be finished.
            out.add(new Line(pending.toString(java.nio.charset.StandardCharsets.UTF_8), fileKey, offset));
          }
          closeChannel();
          openFile(path, nowKey, 0); // rotated or truncated: the new content starts at 0
          continue;
        }
        return;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        offset++;
        if (b == '\n') {
          if (!skippingLongLine) {
            String text = pending.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
              text = text.substring(0, text.length() - 1);
            }
            if (!text.isBlank()) {
              out.add(new Line(text, fileKey, offset));
              bytes += text.length();
            }
          }
          pending.reset();
          skippingLongLine = false;
          pendingStart = offset;
          if (out.size() >= maxLines || bytes >= maxBytes) {
            // Leave the rest for the next poll; rewind to just after this line.
            return;
          }
        } else if (!skippingLongLine) {
          if (pending.size() >= maxLineBytes) {
            skippingLongLine = true; // longer than any receiver would take: skip to the next newline
            pending.reset();
          } else {
            pending.write(b);
          }
        }
      }
    }
  }

  private void openFile(Path p, String key, long at) throws IOException {
    try {
      channel = FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      channel = null;
      return;
    }
    fileKey = key;
    offset = at;
    pendingStart = at;
    pending.reset();
    skippingLongLine = false;
  }

  /** Rewinds to the start of a partial line so it is read whole once the writer finishes it. */
  long resumeOffset() {
    return pendingStart;
  }

  String fileKey() {
    return fileKey;
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  static String keyOf(Path p) throws IOException {
    try {
      Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      return key == null ? p.toRealPath().toString() : key.toString();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Path findByKey(Path dir, String key) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p) && key.equals(keyOf(p))) {
          return p;
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closeChannel();
  }
}
