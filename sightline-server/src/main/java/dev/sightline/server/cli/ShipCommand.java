package dev.sightline.server.cli;

import dev.sightline.server.ship.LogShipper;
import dev.sightline.server.ship.ShipSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline ship}: follows JSON log files (across rotation) or runs a command and ships its
 * stdout, to a Sightline server, with a checkpoint so that a restart neither loses nor repeats lines.
 */
@Command(name = "ship", description = {
    "Ship JSON log lines to Sightline, from files (following rotation) or from a command's stdout.",
    "  sightline ship --file /var/log/app.json --service checkout",
    "  sightline ship --service checkout -- java -jar checkout.jar"})
final class ShipCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://localhost:7070", description = "Sightline's base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A log file to follow (repeatable).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--service", description = "Service name for lines that do not carry one.")
  String service;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Where to remember how far each file was shipped (default: .sightline-ship.checkpoint).")
  Path checkpoint = Path.of(".sightline-ship.checkpoint");

  @Option(names = "--batch-lines", defaultValue = "1000", description = "Lines per request (default: ${DEFAULT-VALUE}).")
  int batchLines;

  @Parameters(paramLabel = "COMMAND", description = "A command to run; its stdout is shipped and echoed.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    LogShipper.Builder b = LogShipper.builder(url).service(service).batchLines(batchLines);
    files.forEach(b::file);
    Process child = null;
    if (!command.isEmpty()) {
      child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      b.lineSource(ShipSources.processStdout(child, System.out));
    } else if (files.isEmpty()) {
      System.err.println("Nothing to ship: give --file FILE, or a command after --");
      return 2;
    } else {
      b.checkpointFile(checkpoint);
    }
    Process started = child;
    try (LogShipper shipper = b.build()) {
      Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
        shipper.stop();
        if (started != null) {
          started.destroy();
        }
      }));
      shipper.run();
    }
    return child == null ? 0 : child.waitFor();
  }
}
