package dev.sightline.alerting.rules.check;

import dev.sightline.alerting.rules.NameValidation;
import dev.sightline.alerting.rules.RuleError;
import dev.sightline.alerting.rules.RuleFile;
import dev.sightline.alerting.rules.RuleFileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sightline check rules FILE...}: promtool's {@code check rules} (validation with file:line errors)
 * plus the {@link RuleLinter} warnings. Exit codes as promtool's: 0 fine (warnings allowed), 1 when a file
 * is invalid, 3 when lint warnings are made fatal.
 */
public final class RuleChecker {
  private final RuleFileParser parser;
  private final boolean lintFatal;

  private RuleChecker(NameValidation names, boolean lintFatal) {
    this.parser = RuleFileParser.builder().nameValidation(names).build();
    this.lintFatal = lintFatal;
  }

  public static RuleChecker of(NameValidation names, boolean lintFatal) {
    return new RuleChecker(names, lintFatal);
  }

  public static RuleChecker defaults() {
    return of(NameValidation.UTF8, false);
  }

  /** One file's outcome; {@code rules} counts rules when it parsed. */
  public record FileCheck(String file, int rules, List<RuleError> errors, List<LintWarning> warnings) {
    public FileCheck {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  /** Every file's outcome, the text to print, and the exit code. */
  public record Result(List<FileCheck> files, boolean lintFatal) {
    public Result {
      files = List.copyOf(files);
    }

    public int exitCode() {
      if (files.stream().anyMatch(f -> !f.errors().isEmpty())) {
        return 1;
      }
      return lintFatal && files.stream().anyMatch(f -> !f.warnings().isEmpty()) ? 3 : 0;
    }

    public String output() {
      StringBuilder b = new StringBuilder();
      for (FileCheck f : files) {
        b.append("Checking ").append(f.file()).append('\n');
        if (!f.errors().isEmpty()) {
          b.append("  FAILED:\n");
          f.errors().forEach(e -> b.append(e).append('\n'));
        } else {
          if (!f.warnings().isEmpty()) {
            b.append("  WARNING: ").append(f.warnings().size()).append(" lint warning(s):\n");
            f.warnings().forEach(w -> b.append("    ").append(w).append('\n'));
          }
          b.append("  SUCCESS: ").append(f.rules()).append(" rules found\n");
        }
        b.append('\n');
      }
      return b.toString();
    }
  }

  public Result check(List<Path> files) {
    List<FileCheck> out = new ArrayList<>();
    for (Path p : files) {
      String name = p.toString();
      try {
        if (Files.size(p) > RuleFileParser.MAX_FILE_BYTES) {
          out.add(new FileCheck(name, 0, List.of(new RuleError(name, 0, 0, "", 0, "", "file is larger than "
              + RuleFileParser.MAX_FILE_BYTES + " bytes")), List.of()));
          continue;
        }
        out.add(check(name, Files.readString(p, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        out.add(new FileCheck(name, 0, List.of(new RuleError(name, 0, 0, "", 0, "", "error reading file: " + e)),
            List.of()));
      }
    }
    return new Result(out, lintFatal);
  }

  public FileCheck check(String name, String yaml) {
    List<RuleError> errors = new ArrayList<>();
    RuleFile f = parser.parse(name, yaml, errors);
    if (!errors.isEmpty()) {
      return new FileCheck(name, 0, errors, List.of());
    }
    int n = f.groups().stream().mapToInt(g -> g.rules().size()).sum();
    return new FileCheck(name, n, List.of(), RuleLinter.lint(f));
  }
}
