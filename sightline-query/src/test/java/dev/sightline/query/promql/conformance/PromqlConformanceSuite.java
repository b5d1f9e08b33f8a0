package dev.sightline.query.promql.conformance;

import static org.assertj.core.api.Assertions.fail;

import dev.sightline.query.promql.conformance.ScriptRunner.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Prometheus PromQL test scripts (copied under {@code src/test/resources/promql}) run against the
 * engine over a storage chosen by the subclass. One dynamic test per eval, named {@code file:line}.
 * A failing case fails the build unless {@code skip-list.txt} names it; a listed case that passes
 * fails too, so the list only shrinks. Run with {@code -Dpromql.writeSkipList=true} to rewrite the
 * list from the current failures (review the diff before committing it).
 */
public abstract class PromqlConformanceSuite {
  private static final Path SKIP_LIST_SOURCE = Path.of("src/test/resources/promql/skip-list.txt");

  /** A fresh, empty storage for one script. */
  protected abstract ConformanceStorage newStorage() throws Exception;

  @TestFactory
  Stream<DynamicNode> scripts() throws Exception {
    Path dir = Path.of(resourceDir());
    SkipList skips = SkipList.read(dir.resolve("skip-list.txt"));
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    List<DynamicNode> containers = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      Script script = ScriptParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
      List<Outcome> outcomes;
      try (ConformanceStorage storage = newStorage()) {
        outcomes = new ScriptRunner(storage).run(script);
      }
      List<DynamicNode> tests = new ArrayList<>();
      for (Outcome o : outcomes) {
        String id = name + ":" + o.eval().line();
        if (o.failure() != null) {
          failures.add(id + " " + (name.equals("start_timestamps.test")
              ? "needs start-timestamp samples (st@ notation), not in the storage SPI: " + reasonFor(o).replaceFirst(
                  "^native histogram data loaded: ", "") : reasonFor(o)));
        }
        tests.add(DynamicTest.dynamicTest(id + " " + abbreviate(o.eval().expr), () -> verdict(id, o, skips)));
      }
      containers.add(DynamicContainer.dynamicContainer(name, tests));
    }
    if (Boolean.getBoolean("promql.writeSkipList")) {
      Files.write(SKIP_LIST_SOURCE, header(failures), StandardCharsets.UTF_8);
    }
    return containers.stream();
  }

  private static void verdict(String id, Outcome o, SkipList skips) {
    String skipReason = skips.reason(id);
    if (skipReason != null) {
      if (o.failure() == null) {
        fail(id + " is on skip-list.txt but passes now: remove it from the list");
      }
      Assumptions.abort("skip-listed: " + skipReason + " (" + o.failure() + ")");
    }
    if (o.failure() != null) {
      fail(id + ": " + o.eval().expr + "\n  " + o.failure());
    }
  }

  private static String reasonFor(Outcome o) {
    String f = o.failure().replace('\n', ' ');
    String prefix = o.eval().usesNativeHistograms() || f.contains("native histogram") ? "native histograms: "
        : o.nativeData() ? "native histogram data loaded: " : "";
    return prefix + (f.length() > 160 ? f.substring(0, 160) + "..." : f);
  }

  private static List<String> header(List<String> failures) {
    List<String> out = new ArrayList<>();
    out.add("# Conformance cases the engine does not pass yet: <file>:<line of eval> <reason>.");
    out.add("# The runner fails when a listed case passes, so this list only shrinks.");
    out.addAll(failures);
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private String resourceDir() throws URISyntaxException, IOException {
    var url = PromqlConformanceSuite.class.getResource("/promql");
    if (url == null) {
      throw new IOException("test resources /promql not on the classpath");
    }
    return Path.of(url.toURI()).toString();
  }
}
