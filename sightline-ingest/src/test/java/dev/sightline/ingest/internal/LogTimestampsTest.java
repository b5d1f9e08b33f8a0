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

  /** What the general parser says of a text: epoch nanoseconds, or null where it refuses it. */
  private static Long general(String t) {
    String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
    iso = iso.replace(',', '.');
    try {
      java.time.Instant i = java.time.OffsetDateTime.parse(iso).toInstant();
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  @Test
  void theStrictFastPathAgreesWithJavaTimeOrStepsAside() {
    java.util.Random random = new java.util.Random(7);
    List<String> cases = new java.util.ArrayList<>(List.of("2026-11-23T19:58:01.123Z", "2024-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z", "2026-11-23T23:59:60Z", "2026-11-23T19:58:01.Z",
        "2026-11-23T19:58:01.1234567891Z", "2026-11-23T19:58:01+18:00", "2026-11-23T19:58:01+18:01",
        "2026-11-23T19:58:01-00:30", "2026-11-23T19:58:01+05:60", "2026-11-23t19:58:01z", "2026-11-23T19:58:01",
        "2026-11-23T19:58:01.123ZZ", "2262-04-11T23:47:16.854775807Z", "2262-04-11T23:47:16.854775808Z",
        "1677-09-21T00:12:43.145224192Z", "1677-09-21T00:12:43.145224191Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2026-1１-23T19:58:01Z", "2026-11-23T19:58:0１Z", "２026-11-23T19:58:01Z",
        "2026-11-23T19:58:01,5+01:00", "2026-11-23 19:58:01.5-01:00", "2026-11-23T19:58:01.5+0100"));
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", 1600 + random.nextInt(800),
          random.nextInt(14), random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61)));
      if (random.nextBoolean()) {
        b.append(random.nextBoolean() ? '.' : ',').append(Long.toString(Math.abs(random.nextLong())), 0,
            random.nextInt(11));
      }
      switch (random.nextInt(4)) {
        case 0 -> b.append('Z');
        case 1 -> b.append(String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20),
            random.nextInt(61)));
        case 2 -> b.append("");
        default -> b.append(random.nextBoolean() ? "z" : "+01");
      }
      cases.add(b.toString());
    }
    int fast = 0;
    for (String t : cases) {
      long strict = LogTimestamps.strictRfc3339(t);
      if (strict != LogTimestamps.NOT_STRICT) {
        fast++;
        assertThat(strict).as(t).isEqualTo(general(t));
      }
    }
    assertThat(fast).as("the fast path took most well-formed cases").isGreaterThan(1_000);
  }
}
