package dev.sightline.query.promql.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code file:line reason} per line; {@code #} comments. Cases listed here are known not to pass. */
final class SkipList {
  private final Map<String, String> reasons;

  private SkipList(Map<String, String> reasons) {
    this.reasons = reasons;
  }

  static SkipList read(Path file) throws IOException {
    Map<String, String> reasons = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int sp = l.indexOf(' ');
        reasons.put(sp < 0 ? l : l.substring(0, sp), sp < 0 ? "" : l.substring(sp + 1).strip());
      }
    }
    return new SkipList(reasons);
  }

  /** The reason a case is skipped, or null when it must pass. */
  String reason(String caseId) {
    return reasons.get(caseId);
  }
}
