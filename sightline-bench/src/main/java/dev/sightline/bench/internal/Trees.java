package dev.sightline.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benches' scratch directories: their size on disk, and deleting them afterwards. */
public final class Trees {
  private Trees() {}

  /** Bytes of the regular files under {@code dir}. */
  public static long sizeBytes(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Deletes {@code dir} and everything under it, as far as it can (a bench's temporary data). */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
