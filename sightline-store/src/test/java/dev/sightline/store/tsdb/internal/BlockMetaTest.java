package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** meta.json round-trips, and malformed, truncated, oversized or hostile files are refused clearly. */
class BlockMetaTest {
  private static final BlockMeta META = new BlockMeta("b0_7200000_l1", 0, 7_200_000, 3, 360, 6, 1);

  @Test
  void roundTrips() {
    assertThat(BlockMeta.parse(META.toJson())).isEqualTo(META);
    assertThat(BlockMeta.parse(META.toJson().replace("}", ", \"future\": \"field\"}"))).isEqualTo(META);
  }

  @Test
  void malformedInputIsRefusedWithTheReason() {
    assertThatThrownBy(() -> BlockMeta.parse("")).hasMessageContaining("meta.json: truncated");
    assertThatThrownBy(() -> BlockMeta.parse("[]")).hasMessageContaining("expected '{'");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().substring(0, 40))).hasMessageContaining("truncated");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson() + "x")).hasMessageContaining("trailing characters");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().replace("\"level\": 1", "\"level\": 1.5")))
        .hasMessageContaining("expected ',' or '}'");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().replace(", \"level\": 1", "")))
        .hasMessageContaining("missing numeric field \"level\"");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().replace("\"version\": 1", "\"version\": 2")))
        .hasMessageContaining("unsupported version 2");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().replace("\"maxTime\": 7200000", "\"maxTime\": 0")))
        .hasMessageContaining("minTime 0 not before maxTime 0");
    assertThatThrownBy(() -> BlockMeta.parse(META.toJson().replace("\"numChunks\": 6", "\"numChunks\": 99999999999999999999")))
        .hasMessageContaining("\"numChunks\" is not an integer");
    assertThatThrownBy(() -> BlockMeta.parse("{\"id\": \"a\", \"id\": \"b\"}")).hasMessageContaining("duplicate field \"id\"");
    assertThatThrownBy(() -> BlockMeta.parse("{\"id\": \"a\\\"b\"}")).hasMessageContaining("escapes");
  }

  @Test
  void oversizedInputIsRefusedBeforeParsing() {
    String huge = "{\"pad\": \"" + "x".repeat(BlockMeta.MAX_BYTES) + "\"}";
    assertThatThrownBy(() -> BlockMeta.parse(huge)).hasMessageContaining("more than " + BlockMeta.MAX_BYTES);
  }
}
