package dev.sightline.store.tsdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of the blocks directory: sizes and recursive deletes. */
final class BlockDirs {
  private BlockDirs() {}

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes a block: first an atomic rename to {@code <id>.deleting}, so that a crash mid-delete never
   * leaves a half-deleted directory that looks like a block; the next start removes the leftovers.
   */
  static void deleteBlock(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Path doomed = dir.resolveSibling(dir.getFileName() + ".deleting");
    Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(doomed);
  }

  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      long total = 0;
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }
}
