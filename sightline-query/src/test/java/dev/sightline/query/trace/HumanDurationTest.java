package dev.sightline.query.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | 0 ns",
      "840 | 840 ns",
      "12000 | 12 µs",
      "2500 | 2.5 µs",
      "999999 | 1.0 ms",
      "2500000 | 2.5 ms",
      "250000000 | 250 ms",
      "999600000 | 1.0 s",
      "9100000000 | 9.1 s",
      "150000000000 | 2.5 min",
  })
  void formatsLikeAPerson(long nanos, String expected) {
    assertThat(HumanDuration.format(nanos)).isEqualTo(expected);
  }
}
