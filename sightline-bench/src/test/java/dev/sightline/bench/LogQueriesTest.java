package dev.sightline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogQueriesTest {
  @TempDir
  Path dir;

  @Test
  void warmupTraceIdsAreDistinctAndNoneOfTheTimedOnes() throws Exception {
    Path file = dir.resolve("logs.ndjson");
    Files.write(file, List.of(
        "{\"trace_id\":\"aaaa\",\"message\":\"x\"}",
        "{\"message\":\"no trace\"}",
        "{\"trace_id\":\"bbbb\",\"message\":\"timed\"}",
        "{\"trace_id\":\"aaaa\",\"message\":\"again\"}",
        "{\"level\":\"INFO\",\"trace_id\":\"cccc\"}",
        "{\"trace_id\":\"unterminated"));

    assertThat(LogQueries.warmupTraceIds(file, List.of("bbbb"))).containsExactly("aaaa", "cccc");
  }

  @Test
  void theTimedIdsWarmUpWhenTheFileHasNoOthers() throws Exception {
    Path file = dir.resolve("logs.ndjson");
    Files.write(file, List.of("{\"trace_id\":\"bbbb\"}", "{\"message\":\"none\"}"));

    assertThat(LogQueries.warmupTraceIds(file, List.of("bbbb"))).containsExactly("bbbb");
  }
}
