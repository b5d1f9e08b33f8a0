package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static final Set<String> OPTIONS = Set.of("spans", "url");
  private static final Set<String> FLAGS = Set.of("pregenerate");

  @Test
  void readsValuesFlagsAndCountSuffixes() {
    Args a = Args.parse(new String[] {"--spans", "10m", "--url=http://x", "--pregenerate"}, OPTIONS, FLAGS);
    assertThat(a.count("spans", 0)).isEqualTo(10_000_000);
    assertThat(a.string("url", null)).isEqualTo("http://x");
    assertThat(a.flag("pregenerate")).isTrue();
    assertThat(Args.parse(new String[] {"--spans", "1_500k"}, OPTIONS, FLAGS).count("spans", 0))
        .isEqualTo(1_500_000);
  }

  @Test
  void refusesUnknownOptionsMissingValuesAndMalformedCounts() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--spasn", "1"}, OPTIONS, FLAGS))
        .hasMessageContaining("unknown option --spasn");
    assertThatThrownBy(() -> Args.parse(new String[] {"--spans"}, OPTIONS, FLAGS))
        .hasMessageContaining("--spans needs a value");
    assertThatThrownBy(() -> Args.parse(new String[] {"spans"}, OPTIONS, FLAGS))
        .hasMessageContaining("expected an option");
    assertThatThrownBy(() -> Args.parse(new String[] {"--spans", "ten"}, OPTIONS, FLAGS).count("spans", 0))
        .hasMessageContaining("--spans expects a count").hasMessageContaining("'ten'");
    assertThatThrownBy(() -> Args.parse(new String[] {"--spans", "-5"}, OPTIONS, FLAGS).count("spans", 0))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Args.parse(new String[] {"--spans", "99999999999999999m"}, OPTIONS, FLAGS)
        .count("spans", 0)).hasMessageContaining("expects a count");
  }
}
