package dev.sightline.server.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the shipper has got to in each file: the file's identity (device and inode, so a rotated file is
 * recognised under its new name) and the offset just past the last acknowledged line. Written
 * atomically (temp file, then rename) after every acknowledged batch, so a restart resumes exactly there.
 */
final class Checkpoint {
  /** One file's position. */
  record Position(String fileKey, long offset) {}

  private final Path file;
  private final Map<String, Position> positions = new LinkedHashMap<>();

  private Checkpoint(Path file) {
    this.file = file;
  }

  static Checkpoint load(Path file) throws IOException {
    Checkpoint c = new Checkpoint(file);
    if (Files.exists(file)) {
      Map<String, Position> read = Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Position>>() {});
      c.positions.putAll(read);
    }
    return c;
  }

  synchronized Position get(Path path) {
    return positions.get(path.toAbsolutePath().normalize().toString());
  }

  synchronized void put(Path path, Position p) {
    positions.put(path.toAbsolutePath().normalize().toString(), p);
  }

  synchronized void save() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".checkpoint", ".tmp");
    Files.writeString(tmp, Json.write(positions));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
