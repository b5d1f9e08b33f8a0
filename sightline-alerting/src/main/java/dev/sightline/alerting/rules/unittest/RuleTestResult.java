package dev.sightline.alerting.rules.unittest;

import java.util.List;

/**
 * The outcome of {@code sightline test rules}: {@link #output()} is what promtool prints (per file
 * {@code Unit Testing:  FILE} then {@code SUCCESS} or {@code FAILED:} with the differences), and
 * {@link #exitCode()} is promtool's: 0 when every file passed, 1 otherwise.
 */
public record RuleTestResult(List<FileResult> files) {
  public RuleTestResult {
    files = List.copyOf(files);
  }

  /** One test file: its errors (empty when it passed) and any cases skipped as unsupported. */
  public record FileResult(String file, List<String> errors, List<String> skipped) {
    public FileResult {
      errors = List.copyOf(errors);
      skipped = List.copyOf(skipped);
    }

    public boolean passed() {
      return errors.isEmpty();
    }
  }

  public int exitCode() {
    return files.stream().allMatch(FileResult::passed) ? 0 : 1;
  }

  public String output() {
    StringBuilder b = new StringBuilder();
    for (FileResult f : files) {
      b.append("Unit Testing:  ").append(f.file()).append('\n');
      for (String s : f.skipped()) {
        b.append("  SKIPPED: ").append(s).append('\n');
      }
      if (f.passed()) {
        b.append("  SUCCESS\n");
      } else {
        b.append("  FAILED:\n");
        for (String e : f.errors()) {
          b.append(e).append("\n\n");
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
