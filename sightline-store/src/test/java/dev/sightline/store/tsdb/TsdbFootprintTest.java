package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The footprint tool runs end to end; compression, not time, is what it checks. */
class TsdbFootprintTest {
  @Test
  void measuresCompressedSamples(@TempDir Path dir) throws IOException {
    TsdbFootprint.Result r = TsdbFootprint.measure(dir, 40, 960); // 4 h of 15 s scrapes
    assertThat(r.samples()).isEqualTo(40 * 960);
    // Raw samples are 16 bytes; Gorilla chunks of scrape data should stay well under a quarter of that.
    assertThat(r.headBytesPerSample()).isBetween(0.1, 4.0);
    assertThat(r.blockBytesPerSample()).isBetween(0.1, 4.0);
    assertThat(r.toString()).contains("series=40");
  }
}
