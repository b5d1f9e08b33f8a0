package dev.sightline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.Attributes;
import dev.sightline.model.InstrumentationScope;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log record codec: exact round trips, and clear errors for malformed, truncated or hostile input. */
class LogCodecTest {
  private static final Resource CART = new Resource(Attributes.of("service.name", "cart", "host", "h1"));

  private static List<LogRecord> sample() {
    LogRecord full = LogRecord.builder().epochNanos(1_795_000_000_000_000_000L).observedEpochNanos(1_795_000_000_000_000_007L)
        .severityNumber(17).severityText("error").body("Payment FAILED 東京 🙂")
        .attributes(Attributes.builder().put("http.status_code", 500L).put("score", -0.0).put("nan", Double.NaN)
            .put("ok", true).put("tags", List.of("a", 1L)).put("http", Attributes.of("route", "/pay")).build())
        .resource(CART).scope(new InstrumentationScope("lib", "1.0", Attributes.of("k", "v")))
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").flags(1).build();
    LogRecord sameResource = LogRecord.builder().observedEpochNanos(5).body("").resource(CART).build();
    LogRecord oddIds = LogRecord.builder().epochNanos(-1).traceId("NOT-HEX").spanId("ABCDEF0123456789").build();
    return List.of(full, sameResource, oddIds);
  }

  @Test
  void roundTripsEveryFieldExactly() {
    List<LogRecord> logs = sample();
    byte[] bytes = LogCodec.encode(logs);
    assertThat(LogCodec.decode(bytes, 0, bytes.length)).isEqualTo(logs);
    assertThat(LogCodec.decode(LogCodec.encode(List.of()), 0, 2)).isEmpty();
  }

  /** A single record (the stored form) writes repeated strings inline; each still decodes to itself. */
  @Test
  void singleRecordsRoundTripWithRepeatedStrings() {
    LogRecord twice = LogRecord.builder().severityText("same").body("same").resource(CART)
        .attributes(dev.sightline.model.Attributes.of("a", "same", "b", "same", "same", "same")).build();
    byte[] bytes = LogCodec.encode(List.of(twice));
    assertThat(LogCodec.decode(bytes, 0, bytes.length)).containsExactly(twice);
    for (LogRecord r : sample()) {
      byte[] one = LogCodec.encode(List.of(r));
      assertThat(LogCodec.decode(one, 0, one.length)).containsExactly(r);
    }
  }

  @Test
  void aBatchCarriesItsResourceOnce() {
    LogRecord one = LogRecord.builder().body("x").resource(CART).build();
    int single = LogCodec.encode(List.of(one)).length;
    int ten = LogCodec.encode(java.util.Collections.nCopies(10, one)).length;
    assertThat(ten).isLessThan(single * 3);
  }

  @Test
  void everyTruncationIsAClearError() {
    byte[] bytes = LogCodec.encode(sample());
    for (int len = 0; len < bytes.length; len++) {
      int n = len;
      assertThatThrownBy(() -> LogCodec.decode(bytes, 0, n)).as("truncated to %d bytes", n)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log record");
    }
  }

  @Test
  void unknownVersionTrailingBytesAndHostileCountsAreNamed() {
    byte[] bytes = LogCodec.encode(sample());
    byte[] version = bytes.clone();
    version[0] = 9;
    assertThatThrownBy(() -> LogCodec.decode(version, 0, version.length)).hasMessageContaining("version 9");
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);
    assertThatThrownBy(() -> LogCodec.decode(trailing, 0, trailing.length)).hasMessageContaining("unexpected bytes");
    byte[] hostile = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}; // count 2^31-1, no data
    assertThatThrownBy(() -> LogCodec.decode(hostile, 0, hostile.length)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    byte[] badResource = {1, 1, 5};
    assertThatThrownBy(() -> LogCodec.decode(badResource, 0, badResource.length)).hasMessageContaining("resource index 5");
  }
}
