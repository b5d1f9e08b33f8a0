package dev.sightline.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogTimestampsTest {
  /** 2026-11-23T19:58:01.123Z */
  static final long T = 1795463881123L * 1_000_000L;

  @Test
  void epochUnitsAreInferredFromMagnitude() {
    assertThat(LogTimestamps.parse(1795463881L)).isEqualTo(1795463881L * 1_000_000_000L);
    assertThat(LogTimestamps.parse(1795463881.123)).isEqualTo(T);
    assertThat(LogTimestamps.parse(1795463881123L)).isEqualTo(T);
    assertThat(LogTimestamps.parse(1795463881123000L)).isEqualTo(T);
    assertThat(LogTimestamps.parse(1795463881123000000L)).isEqualTo(T);
    assertThat(LogTimestamps.parse("1795463881.123")).isEqualTo(T);
    assertThat(LogTimestamps.parse(" 1795463881123000000 ")).isEqualTo(T);
  }

  @Test
  void rfc3339AndItsCommonVariants() {
    assertThat(LogTimestamps.parse("2026-11-23T19:58:01.123Z")).isEqualTo(T);
    assertThat(LogTimestamps.parse("2026-11-23T21:58:01.123+02:00")).isEqualTo(T);
    assertThat(LogTimestamps.parse("2026-11-23 19:58:01.123Z")).isEqualTo(T);
    assertThat(LogTimestamps.parse("2026-11-23 19:58:01,123")).isEqualTo(T);
    assertThat(LogTimestamps.parse("2026-11-23T19:58:01.123000001Z")).isEqualTo(T + 1);
  }

  @Test
  void nonsenseIsRefusedWithAReason() {
    assertThatThrownBy(() -> LogTimestamps.parse("tomorrow")).hasMessageContaining("'tomorrow'");
    assertThatThrownBy(() -> LogTimestamps.parse(true)).hasMessageContaining("a boolean");
    assertThatThrownBy(() -> LogTimestamps.parse(List.of(1L))).hasMessageContaining("a list");
    assertThatThrownBy(() -> LogTimestamps.parse(Double.NaN)).hasMessageContaining("not a time");
    assertThatThrownBy(() -> LogTimestamps.parse("9".repeat(40))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> LogTimestamps.parse("1.2.3")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void severitySpellings() {
    assertThat(Severities.fromText("WARNING")).isEqualTo(13);
    assertThat(Severities.fromText("Information")).isEqualTo(9);
    assertThat(Severities.fromText("INFO2")).isEqualTo(10);
    assertThat(Severities.fromText("critical")).isEqualTo(21);
    assertThat(Severities.fromText("dpanic")).isEqualTo(17);
    assertThat(Severities.fromText("chatty")).isZero();
    assertThat(Severities.fromPino(10)).isEqualTo(1);
    assertThat(Severities.fromPino(30)).isEqualTo(9);
    assertThat(Severities.fromPino(60)).isEqualTo(21);
    assertThat(Severities.text(17)).isEqualTo("ERROR");
  }
}
