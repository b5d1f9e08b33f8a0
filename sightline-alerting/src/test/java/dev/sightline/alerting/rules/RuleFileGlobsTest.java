package dev.sightline.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileGlobsTest {
  @TempDir
  Path dir;

  @Test
  void expandsPathsAndGlobsRelativeToTheConfig() throws Exception {
    Files.createDirectories(dir.resolve("rules/team"));
    for (String f : List.of("rules/b.yml", "rules/a.yml", "rules/c.txt", "rules/team/x.yml", "single.yml")) {
      Files.writeString(dir.resolve(f), "groups: []\n");
    }
    assertThat(RuleFileGlobs.expand(dir, List.of("rules/*.yml", "single.yml", "rules/a.yml", "rules/*/*.yml")))
        .containsExactly(dir.resolve("rules/a.yml"), dir.resolve("rules/b.yml"), dir.resolve("single.yml"),
            dir.resolve("rules/team/x.yml"));
    assertThat(RuleFileGlobs.expand(dir, List.of("nothing/*.yml"))).isEmpty();
    assertThatThrownBy(() -> RuleFileGlobs.expand(dir, List.of("missing.yml"))).hasMessageContaining("does not exist");
  }
}
