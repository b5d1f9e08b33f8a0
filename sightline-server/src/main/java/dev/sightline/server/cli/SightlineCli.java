package dev.sightline.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sightline} command. The launcher script ({@code ./sightline}) builds the project when
 * needed and hands its arguments here, except {@code test}, which it runs with Maven itself.
 */
@Command(name = "sightline", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "OpenTelemetry-native observability: traces, logs, metrics, alerting and health.",
    subcommands = {ServeCommand.class, ShipCommand.class, LogsCommand.class, RulesCommands.Check.class,
        RulesCommands.Test.class, VersionCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class})
public final class SightlineCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new SightlineCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
