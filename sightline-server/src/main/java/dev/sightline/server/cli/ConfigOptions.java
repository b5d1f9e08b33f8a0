package dev.sightline.server.cli;

import dev.sightline.server.config.ConfigException;
import dev.sightline.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that reads configuration shares. */
final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (default: ./sightline.yaml when it exists, else built-in defaults).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set server.http_port=7071 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Shorthand for --set storage.data_dir=DIR.")
  Path dataDir;

  ConfigLoader.Loaded load() throws ConfigException {
    Path file = config;
    if (file == null && System.getenv("SIGHTLINE_CONFIG") != null) {
      file = Path.of(System.getenv("SIGHTLINE_CONFIG"));
    }
    if (file == null && Files.isRegularFile(Path.of("sightline.yaml"))) {
      file = Path.of("sightline.yaml");
    }
    List<String> all = new ArrayList<>(sets);
    if (dataDir != null) {
      all.add("storage.data_dir=" + dataDir);
    }
    return ConfigLoader.load(file, System.getenv(), all);
  }
}
