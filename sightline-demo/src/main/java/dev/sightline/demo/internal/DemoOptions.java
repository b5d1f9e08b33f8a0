package dev.sightline.demo.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The orchestrator's command line:
 * {@code --server-jar JAR --agent JAR [--config FILE] [--data-dir DIR] [--run-for 70s] [--no-input]}.
 */
public record DemoOptions(Path serverJar, Path agentJar, Path config, Path dataDir, Duration runFor, boolean readInput) {
  public static final String USAGE = "usage: Demo --server-jar sightline-server/target/sightline-server-*.jar"
      + " --agent sightline-demo/target/opentelemetry-javaagent.jar [--config examples/demo/sightline.yaml]"
      + " [--data-dir data/demo] [--run-for 70s] [--no-input]";

  /** Parses {@code args}; throws IllegalArgumentException naming the bad or missing option. */
  public static DemoOptions parse(String[] args) {
    Path server = null;
    Path agent = null;
    Path config = Path.of("examples/demo/sightline.yaml");
    Path data = Path.of("data/demo");
    Duration runFor = null;
    boolean input = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--server-jar" -> server = Path.of(value(args, ++i, a));
        case "--agent" -> agent = Path.of(value(args, ++i, a));
        case "--config" -> config = Path.of(value(args, ++i, a));
        case "--data-dir" -> data = Path.of(value(args, ++i, a));
        case "--run-for" -> runFor = seconds(value(args, ++i, a));
        case "--no-input" -> input = false;
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (server == null || agent == null) {
      throw new IllegalArgumentException("--server-jar and --agent are required");
    }
    for (Path p : new Path[] {server, agent, config}) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(p + ": no such file (build first: mvn -pl sightline-demo -am install -DskipTests)");
      }
    }
    return new DemoOptions(server.toAbsolutePath(), agent.toAbsolutePath(), config.toAbsolutePath(),
        data.toAbsolutePath(), runFor, input);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + ": expected a value");
    }
    return args[i];
  }

  private static Duration seconds(String text) {
    String t = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    try {
      long s = Long.parseLong(t);
      if (s <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--run-for: expected a positive number of seconds such as 70s, got '" + text + "'");
    }
  }
}
