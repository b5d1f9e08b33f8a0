package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.MetricStoreConformanceTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binds the metric SPI conformance suite to the TSDB, plus its lifecycle contract. */
class TsdbTest extends MetricStoreConformanceTest {
  private Tsdb tsdb;

  @Override
  protected void openStore(Path dir) throws IOException {
    tsdb = Tsdb.builder().dataDir(dir).maintenanceInterval(Duration.ZERO).build();
    tsdb.start();
  }

  @Override
  protected void closeStore() throws IOException {
    tsdb.close();
  }

  @Override
  protected MetricAppender appender() {
    return tsdb.appender();
  }

  @Override
  protected MetricQuerier querier() {
    return tsdb.querier();
  }

  @Test
  void builderDoesNoIoAndRequiresStart(@org.junit.jupiter.api.io.TempDir Path other) throws IOException {
    Path dir = other.resolve("never-created");
    Tsdb t = Tsdb.builder().dataDir(dir).build();
    assertThat(dir).doesNotExist();
    assertThat(t.check().ok()).isFalse();
    assertThat(t.check().reason()).contains("not started");
    assertThatThrownBy(t::appender).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    t.close();
    assertThatThrownBy(() -> Tsdb.builder().build()).hasMessageContaining("dataDir");
  }

  @Test
  void checkIsOkWhileOpenAndFailsAfterClose() throws IOException {
    assertThat(tsdb.check().ok()).isTrue();
    tsdb.close();
    assertThat(tsdb.check().ok()).isFalse();
    assertThat(tsdb.check().reason()).contains("closed");
    openStore(dataDir);
  }

  @Test
  void statsCountSeriesSamplesAndBytes() throws IOException {
    seedThreeSeries();
    assertThat(tsdb.seriesCount()).isEqualTo(4);
    assertThat(tsdb.headSamples()).isEqualTo(8);
    assertThat(tsdb.walSizeBytes()).isPositive();
    assertThat(tsdb.bytesOnDisk()).isGreaterThanOrEqualTo(tsdb.walSizeBytes());
    assertThat(tsdb.bytesPerSample()).isPositive();
    assertThat(select(T0, T0 + 60_000, LabelMatcher.equal("__name__", "up"))).hasSize(3);
    assertThat(List.of(tsdb.blockCount())).containsExactly(0);
  }
}
