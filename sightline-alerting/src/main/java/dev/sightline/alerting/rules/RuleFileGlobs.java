package dev.sightline.alerting.rules;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands {@code rule_files:} entries as Prometheus does: each entry is a path or a glob
 * ({@code rules/*.yml}, {@code rules/*&#47;*.yaml}), relative to the configuration file's directory; a
 * glob matching nothing is fine, a plain path that does not exist is an error. Results are sorted per
 * entry and deduplicated.
 */
public final class RuleFileGlobs {
  private RuleFileGlobs() {}

  public static List<Path> expand(Path baseDir, List<String> patterns) throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    for (String p : patterns) {
      Path full = baseDir.resolve(p).normalize();
      if (!hasGlob(p)) {
        if (!Files.isRegularFile(full)) {
          throw new IOException("rule file " + full + " does not exist");
        }
        out.add(full);
        continue;
      }
      // Walk from the deepest directory without glob characters, match the whole remaining path.
      Path root = full.getRoot() == null ? Path.of("") : full.getRoot();
      int firstGlob = 0;
      for (int i = 0; i < full.getNameCount(); i++) {
        if (hasGlob(full.getName(i).toString())) {
          firstGlob = i;
          break;
        }
        root = root.resolve(full.getName(i));
      }
      if (!Files.isDirectory(root)) {
        continue;
      }
      int depth = full.getNameCount() - firstGlob;
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + escape(full.toString()));
      List<Path> found = new ArrayList<>();
      try (Stream<Path> s = Files.walk(root, depth)) {
        s.filter(Files::isRegularFile).filter(m::matches).sorted().forEach(found::add);
      }
      out.addAll(found);
    }
    return List.copyOf(out);
  }

  private static boolean hasGlob(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[");
  }

  private static String escape(String path) {
    return path.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}");
  }
}
