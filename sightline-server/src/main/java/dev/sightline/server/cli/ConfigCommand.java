package dev.sightline.server.cli;

import dev.sightline.server.config.ConfigException;
import dev.sightline.server.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sightline config}: checks the configuration and prints it as Sightline will use it. */
@Command(name = "config", description = "Check the configuration and print the effective settings as YAML.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    try {
      ConfigLoader.Loaded loaded = options.load();
      loaded.warnings().forEach(w -> System.err.println("warning: " + w));
      System.out.print(ConfigLoader.toYaml(loaded.config()));
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }
}
