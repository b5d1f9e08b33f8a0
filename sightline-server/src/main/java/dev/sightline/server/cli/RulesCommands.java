package dev.sightline.server.cli;

import dev.sightline.alerting.rules.NameValidation;
import dev.sightline.alerting.rules.check.RuleChecker;
import dev.sightline.alerting.rules.unittest.RuleTestResult;
import dev.sightline.alerting.rules.unittest.RuleTestRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline check rules FILE...} and {@code sightline test rules FILE...}, as promtool's. */
final class RulesCommands {
  private RulesCommands() {}

  @Command(name = "check", description = "Check configuration files.", subcommands = CheckRules.class)
  static final class Check implements Runnable {
    @Override
    public void run() {
      System.out.println("usage: sightline check rules FILE...");
    }
  }

  @Command(name = "test", description = "Run unit tests.", subcommands = TestRules.class)
  static final class Test implements Runnable {
    @Override
    public void run() {
      System.out.println("usage: sightline test rules FILE...   (the launcher's plain `test` runs Sightline's own tests)");
    }
  }

  /**
   * Validates rule files with file:line errors, and lints them for the 3 AM test: paging on a cause
   * rather than a symptom, alerts without {@code for}, expressions that can never be true.
   */
  @Command(name = "rules", description = "Validate Prometheus rule files and lint them for the 3 AM test.")
  static final class CheckRules implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files = new ArrayList<>();

    @Option(names = "--lint-fatal", description = "Exit 3 when a lint warning is found.")
    boolean lintFatal;

    @Option(names = "--legacy-names", description = "Require metric and label names Prometheus 2 accepts.")
    boolean legacyNames;

    @Override
    public Integer call() {
      RuleChecker.Result r = RuleChecker.of(legacyNames ? NameValidation.LEGACY : NameValidation.UTF8, lintFatal)
          .check(files);
      System.out.print(r.output());
      return r.exitCode();
    }
  }

  /** Runs rule unit tests written in promtool's format. */
  @Command(name = "rules", description = "Run rule unit tests in promtool's format.")
  static final class TestRules implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files = new ArrayList<>();

    @Option(names = "--run", paramLabel = "REGEX", description = "Only run test groups whose name matches (repeatable).")
    List<String> run = new ArrayList<>();

    @Override
    public Integer call() {
      RuleTestResult r = RuleTestRunner.builder().run(run).build().run(files);
      System.out.print(r.output());
      return r.exitCode();
    }
  }
}
