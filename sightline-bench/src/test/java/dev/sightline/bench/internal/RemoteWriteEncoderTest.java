package dev.sightline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.ingest.prometheus.MetricSeries;
import dev.sightline.ingest.prometheus.RemoteWriteBatch;
import dev.sightline.ingest.prometheus.RemoteWriteDecoder;
import dev.sightline.ingest.prometheus.RemoteWriteLimits;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemoteWriteEncoderTest {
  private static final long START = 1_767_225_600_000L;

  @Test
  void generatedRequestDecodesWithSightlinesDecoderToTheFleetsSeriesAndSamples() {
    ScrapeFleet fleet = new ScrapeFleet(4_000, START, 15_000, 7);
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(fleet);
    RemoteWriteDecoder decoder = RemoteWriteDecoder.create(RemoteWriteLimits.defaults());
    int[] ids = new int[fleet.seriesCount()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    fleet.nextScrape();
    RemoteWriteBatch batch = decoder.decode(encoder.body(ids, 0, ids.length));

    assertThat(batch.hasRejections()).as(batch.errorMessage()).isFalse();
    assertThat(batch.series()).hasSize(4_000);
    assertThat(batch.sampleCount()).isEqualTo(4_000);
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < ids.length; i++) {
      MetricSeries s = batch.series().get(i);
      String[] pairs = fleet.labels(i);
      assertThat(s.labels().size()).isEqualTo(pairs.length / 2);
      for (int k = 0; k < pairs.length; k += 2) {
        assertThat(s.labels().get(pairs[k])).isEqualTo(pairs[k + 1]);
      }
      assertThat(s.samples()).hasSize(1);
      assertThat(s.samples().get(0).value()).isEqualTo(fleet.value(i));
      assertThat(s.samples().get(0).timestampMs()).isEqualTo(fleet.timestamp(i)).isBetween(START, START + 15_000 + 3);
      distinct.add(s.labels().toString());
    }
    assertThat(distinct).hasSize(4_000);
  }

  @Test
  void countersAreMonotoneAndBucketsCumulativeScrapeAfterScrape() {
    ScrapeFleet fleet = new ScrapeFleet(3_050, START, 15_000, 42);
    Map<String, Double> last = new HashMap<>();
    double[] prevValue = new double[fleet.seriesCount()];
    long[] prevTime = new long[fleet.seriesCount()];
    for (int scrape = 0; scrape < 40; scrape++) {
      fleet.nextScrape();
      Map<String, Double> previousBucket = new HashMap<>();
      for (int i = 0; i < fleet.seriesCount(); i++) {
        String[] l = fleet.labels(i);
        String name = l[1];
        assertThat(l[0]).isEqualTo("__name__");
        assertThat(fleet.timestamp(i)).isGreaterThan(prevTime[i]);
        prevTime[i] = fleet.timestamp(i);
        boolean counter = name.endsWith("_total") || name.endsWith("_bucket") || name.endsWith("_count")
            || name.endsWith("_sum");
        if (counter) {
          assertThat(fleet.value(i)).as("%s at scrape %d", String.join(",", l), scrape).isGreaterThanOrEqualTo(prevValue[i]);
        }
        if (name.endsWith("_bucket")) {
          String combo = String.join(",", l).replaceAll(",le,[^,]+", "");
          Double below = previousBucket.put(combo, fleet.value(i));
          if (below != null) {
            assertThat(fleet.value(i)).isGreaterThanOrEqualTo(below);
          }
        }
        prevValue[i] = fleet.value(i);
      }
      last.putAll(previousBucket);
    }
    // 3,050 series = one whole service: 10 instances x (20 combinations x 15 + 5 gauges).
    assertThat(last).hasSize(200);
    assertThat(java.util.Arrays.stream(prevValue).max().orElseThrow()).isGreaterThan(1000);
  }

  @Test
  void sameSeedSameStream() {
    ScrapeFleet a = new ScrapeFleet(500, START, 15_000, 3);
    ScrapeFleet b = new ScrapeFleet(500, START, 15_000, 3);
    for (int k = 0; k < 5; k++) {
      a.nextScrape();
      b.nextScrape();
    }
    for (int i = 0; i < 500; i++) {
      assertThat(a.value(i)).isEqualTo(b.value(i));
      assertThat(a.timestamp(i)).isEqualTo(b.timestamp(i));
      assertThat(a.labels(i)).isEqualTo(b.labels(i));
    }
  }
}
