package dev.sightline.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the metric storage SPI ({@link MetricAppender}, {@link MetricQuerier}), bound by
 * every backend, as Zipkin's {@code ITStorage} is. A subclass opens its store over a directory; a
 * backend that cannot pass a group overrides the test with {@code @Disabled("why")}, never forks it.
 */
public abstract class MetricStoreConformanceTest {
  protected static final long T0 = 1_700_000_000_000L;
  protected static final Labels UP_API = Labels.of("__name__", "up", "job", "api", "instance", "a:1");
  protected static final Labels UP_WEB = Labels.of("__name__", "up", "job", "web", "instance", "b:2");
  protected static final Labels UP_NOJOB = Labels.of("__name__", "up", "instance", "c:3");
  protected static final Labels REQS = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");

  @TempDir
  protected Path dataDir;

  /** Opens (or reopens) the store over {@code dir}; data committed before a close must be there. */
  protected abstract void openStore(Path dir) throws IOException;

  /** Closes the store cleanly. */
  protected abstract void closeStore() throws IOException;

  protected abstract MetricAppender appender();

  protected abstract MetricQuerier querier();

  @BeforeEach
  void openForTest() throws IOException {
    openStore(dataDir);
  }

  @AfterEach
  void closeAfterTest() throws IOException {
    closeStore();
  }

  protected void reopen() throws IOException {
    closeStore();
    openStore(dataDir);
  }

  protected AppendResult write(Labels labels, long... timesThenValues) throws IOException {
    MetricAppender a = appender();
    for (int i = 0; i < timesThenValues.length; i += 2) {
      a.append(labels, timesThenValues[i], timesThenValues[i + 1]);
    }
    return a.commit();
  }

  protected List<Series> select(long min, long max, LabelMatcher... matchers) throws IOException {
    return querier().select(min, max, List.of(matchers));
  }

  protected static List<Labels> labelsOf(List<Series> series) {
    return series.stream().map(Series::labels).toList();
  }

  protected void seedThreeSeries() throws IOException {
    MetricAppender a = appender();
    for (Labels l : List.of(UP_API, UP_WEB, UP_NOJOB, REQS)) {
      a.append(l, T0, 1);
      a.append(l, T0 + 15_000, 2);
    }
    assertThat(a.commit().accepted()).isEqualTo(8);
  }

  @Nested
  class AppendAndSelect {
    @Test
    void committedSamplesComeBackExactlyAndSortedByLabels() throws IOException {
      MetricAppender a = appender();
      a.append(UP_WEB, T0, 1);
      a.append(UP_API, T0, 0);
      a.append(UP_API, T0 + 15_000, 1);
      a.append(UP_API, T0 + 30_000, 0.5);
      AppendResult r = a.commit();
      assertThat(r.accepted()).isEqualTo(4);
      assertThat(r.allAccepted()).isTrue();

      List<Series> s = select(T0, T0 + 60_000, LabelMatcher.equal("__name__", "up"));
      assertThat(labelsOf(s)).containsExactly(UP_API, UP_WEB);
      assertThat(s.get(0).timestamps()).containsExactly(T0, T0 + 15_000, T0 + 30_000);
      assertThat(s.get(0).values()).containsExactly(0, 1, 0.5);
      assertThat(s.get(1).timestamps()).containsExactly(T0);
    }

    @Test
    void nothingIsVisibleBeforeCommitAndRollbackDiscards() throws IOException {
      MetricAppender a = appender();
      a.append(UP_API, T0, 1);
      assertThat(select(T0, T0, LabelMatcher.equal("__name__", "up"))).isEmpty();
      a.rollback();
      assertThat(a.commit().accepted()).isZero();
      assertThat(select(T0, T0, LabelMatcher.equal("__name__", "up"))).isEmpty();
    }

    @Test
    void manySamplesAcrossChunksRoundTrip() throws IOException {
      MetricAppender a = appender();
      for (int i = 0; i < 1000; i++) {
        a.append(REQS, T0 + i * 15_000L, i * 1.5);
      }
      assertThat(a.commit().accepted()).isEqualTo(1000);
      Series s = select(T0, T0 + 1000 * 15_000L, LabelMatcher.equal("job", "api")).get(0);
      assertThat(s.size()).isEqualTo(1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(s.timestamps()[i]).isEqualTo(T0 + i * 15_000L);
        assertThat(s.values()[i]).isEqualTo(i * 1.5);
      }
    }

    @Test
    void seriesWithoutSamplesInRangeAreNotSelected() throws IOException {
      write(UP_API, T0, 1);
      write(UP_WEB, T0 + 100_000, 1);
      assertThat(labelsOf(select(T0 + 50_000, T0 + 200_000, LabelMatcher.equal("__name__", "up"))))
          .containsExactly(UP_WEB);
    }
  }

  @Nested
  class Matchers {
    @BeforeEach
    void seed() throws IOException {
      seedThreeSeries();
    }

    private List<Labels> match(LabelMatcher... m) throws IOException {
      return labelsOf(select(T0, T0 + 60_000, m));
    }

    @Test
    void equalAndIntersection() throws IOException {
      assertThat(match(LabelMatcher.equal("job", "api"))).containsExactly(REQS, UP_API);
      assertThat(match(LabelMatcher.equal("job", "api"), LabelMatcher.equal("__name__", "up")))
          .containsExactly(UP_API);
      assertThat(match(LabelMatcher.equal("job", "nope"))).isEmpty();
    }

    @Test
    void notEqualIncludesSeriesWithoutTheLabel() throws IOException {
      assertThat(match(LabelMatcher.equal("__name__", "up"), LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "api")))
          .containsExactly(UP_WEB, UP_NOJOB);
    }

    @Test
    void regexIsFullyAnchored() throws IOException {
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api|web"))).containsExactly(REQS, UP_API, UP_WEB);
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "ap"))).isEmpty();
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", "u.")))
          .containsExactly(UP_API, UP_WEB, UP_NOJOB);
    }

    @Test
    void notRegexIncludesSeriesWithoutTheLabel() throws IOException {
      assertThat(match(LabelMatcher.equal("__name__", "up"), LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "job", "a.*")))
          .containsExactly(UP_WEB, UP_NOJOB);
    }

    @Test
    void emptyMatchersSelectByAbsence() throws IOException {
      // job="" selects series without job; job!="" those with it; job=~".+" too; job=~".*" everything.
      assertThat(match(LabelMatcher.equal("__name__", "up"), LabelMatcher.equal("job", ""))).containsExactly(UP_NOJOB);
      assertThat(match(LabelMatcher.equal("__name__", "up"), LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "")))
          .containsExactly(UP_API, UP_WEB);
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", ".+"))).containsExactly(REQS, UP_API, UP_WEB);
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", ".*"))).hasSize(4);
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "job", ".+"))).containsExactly(UP_NOJOB);
      assertThat(match(LabelMatcher.equal("absent_label", ""))).hasSize(4);
    }

    @Test
    void onlyNegativeMatchersStartFromAllSeries() throws IOException {
      assertThat(match(LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "code", "200"))).containsExactly(UP_API, UP_WEB, UP_NOJOB);
    }
  }

  @Nested
  class LabelNamesAndValues {
    @BeforeEach
    void seed() throws IOException {
      seedThreeSeries();
    }

    @Test
    void namesOfAllAndOfMatchingSeries() throws IOException {
      assertThat(querier().labelNames(T0, T0 + 60_000, List.of())).containsExactly("__name__", "code", "instance", "job");
      assertThat(querier().labelNames(T0, T0 + 60_000, List.of(LabelMatcher.equal("__name__", "up"))))
          .containsExactly("__name__", "instance", "job");
    }

    @Test
    void valuesSortedAndFilteredByMatchers() throws IOException {
      assertThat(querier().labelValues("job", T0, T0 + 60_000, List.of())).containsExactly("api", "web");
      assertThat(querier().labelValues("__name__", T0, T0 + 60_000, List.of())).containsExactly("http_requests_total", "up");
      assertThat(querier().labelValues("instance", T0, T0 + 60_000, List.of(LabelMatcher.equal("job", "web"))))
          .containsExactly("b:2");
      assertThat(querier().labelValues("nope", T0, T0 + 60_000, List.of())).isEmpty();
    }

    @Test
    void outsideTheTimeRangeNothingIsListed() throws IOException {
      assertThat(querier().labelNames(T0 + 3_600_000, T0 + 7_200_000, List.of())).isEmpty();
      assertThat(querier().labelValues("job", T0 - 7_200_000, T0 - 1, List.of())).isEmpty();
    }
  }

  @Nested
  class TimeRange {
    @Test
    void bothBoundsAreInclusive() throws IOException {
      write(UP_API, T0, 1, T0 + 10, 2, T0 + 20, 3, T0 + 30, 4);
      Series s = select(T0 + 10, T0 + 20, LabelMatcher.equal("job", "api")).get(0);
      assertThat(s.timestamps()).containsExactly(T0 + 10, T0 + 20);
      assertThat(select(T0 + 20, T0 + 20, LabelMatcher.equal("job", "api")).get(0).values()).containsExactly(3);
      assertThat(select(T0 + 11, T0 + 19, LabelMatcher.equal("job", "api"))).isEmpty();
      assertThat(select(T0 + 31, T0 + 100, LabelMatcher.equal("job", "api"))).isEmpty();
      assertThat(select(T0 + 20, T0 + 10, LabelMatcher.equal("job", "api"))).isEmpty();
    }
  }

  @Nested
  class Staleness {
    @Test
    void staleMarkerKeepsItsBitsAndDiffersFromPlainNaN() throws IOException {
      MetricAppender a = appender();
      a.append(UP_API, T0, 1);
      a.append(UP_API, T0 + 1, Double.NaN);
      a.append(UP_API, T0 + 2, StaleMarker.STALE_NAN);
      a.append(UP_API, T0 + 3, -0.0);
      a.append(UP_API, T0 + 4, Double.NEGATIVE_INFINITY);
      a.commit();
      double[] v = select(T0, T0 + 4, LabelMatcher.equal("job", "api")).get(0).values();
      assertThat(StaleMarker.isStale(v[1])).isFalse();
      assertThat(Double.isNaN(v[1])).isTrue();
      assertThat(StaleMarker.isStale(v[2])).isTrue();
      assertThat(Double.doubleToRawLongBits(v[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertThat(v[4]).isEqualTo(Double.NEGATIVE_INFINITY);
    }
  }

  @Nested
  class OutOfOrder {
    @Test
    void olderSampleIsRejectedAndCountedWithAMessage() throws IOException {
      write(UP_API, T0 + 100, 1);
      AppendResult r = write(UP_API, T0 + 50, 2);
      assertThat(r.accepted()).isZero();
      assertThat(r.outOfOrder()).isEqualTo(1);
      assertThat(r.allAccepted()).isFalse();
      assertThat(r.errors()).singleElement().asString().contains("out of order").contains("up{");
      assertThat(select(T0, T0 + 200, LabelMatcher.equal("job", "api")).get(0).timestamps()).containsExactly(T0 + 100);
    }

    @Test
    void sameTimestampSameValueIsAcceptedOnce() throws IOException {
      write(UP_API, T0, 1);
      AppendResult r = write(UP_API, T0, 1);
      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.allAccepted()).isTrue();
      assertThat(select(T0, T0, LabelMatcher.equal("job", "api")).get(0).size()).isEqualTo(1);
    }

    @Test
    void sameTimestampOtherValueIsRejected() throws IOException {
      write(UP_API, T0, 1);
      AppendResult r = write(UP_API, T0, 2);
      assertThat(r.outOfOrder()).isEqualTo(1);
      assertThat(select(T0, T0, LabelMatcher.equal("job", "api")).get(0).values()).containsExactly(1);
    }

    @Test
    void orderIsCheckedWithinOneBatchAndOtherSeriesAreUnaffected() throws IOException {
      MetricAppender a = appender();
      a.append(UP_API, T0 + 10, 1);
      a.append(UP_API, T0 + 5, 2);
      a.append(UP_WEB, T0 + 5, 3);
      AppendResult r = a.commit();
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.outOfOrder()).isEqualTo(1);
      assertThat(select(T0, T0 + 10, LabelMatcher.equal("job", "web")).get(0).values()).containsExactly(3);
    }
  }

  @Nested
  class Durability {
    @Test
    void committedSamplesSurviveCloseAndReopen() throws IOException {
      seedThreeSeries();
      write(UP_API, T0 + 30_000, 7);
      MetricAppender a = appender();
      a.append(UP_WEB, T0 + 30_000, 9);
      a.rollback();
      reopen();
      List<Series> s = select(T0, T0 + 60_000, LabelMatcher.equal("__name__", "up"));
      assertThat(labelsOf(s)).containsExactly(UP_API, UP_WEB, UP_NOJOB);
      assertThat(s.get(0).timestamps()).containsExactly(T0, T0 + 15_000, T0 + 30_000);
      assertThat(s.get(0).values()).containsExactly(1, 2, 7);
      assertThat(s.get(1).timestamps()).containsExactly(T0, T0 + 15_000);
      // Order rules carry over: the last sample is remembered.
      assertThat(write(UP_API, T0 + 1, 1).outOfOrder()).isEqualTo(1);
      assertThat(write(UP_API, T0 + 45_000, 1).accepted()).isEqualTo(1);
    }
  }
}
