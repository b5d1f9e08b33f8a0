package dev.sightline.alerting.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.StaleMarker;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesNotationTest {
  @Test
  void expandsPromtoolNotation() throws Exception {
    assertThat(SeriesNotation.values("1+1x3")).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(SeriesNotation.values("10-2x2")).containsExactly(10.0, 8.0, 6.0);
    assertThat(SeriesNotation.values("1x2")).containsExactly(1.0, 1.0, 1.0);
    assertThat(SeriesNotation.values("1x1 2x1")).containsExactly(1.0, 1.0, 2.0, 2.0);
    assertThat(SeriesNotation.values("0 _ _x1 3")).containsExactly(0.0, null, null, null, 3.0);
    assertThat(SeriesNotation.values("-1 Inf -Inf NaN 1e3")).containsExactly(-1.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 1000.0);
    assertThat(StaleMarker.isStale(SeriesNotation.values("0 stale").get(1))).isTrue();
  }

  @Test
  void refusesMalformedAndHostileNotation() {
    assertThatThrownBy(() -> SeriesNotation.values("1+ax3")).hasMessageContaining("invalid value");
    assertThatThrownBy(() -> SeriesNotation.values("abc")).hasMessageContaining("invalid value \"abc\"");
    assertThatThrownBy(() -> SeriesNotation.values("1x99999999999")).hasMessageContaining("more than");
    assertThatThrownBy(() -> SeriesNotation.values("stalex3")).hasMessageContaining("stale cannot be repeated");
    assertThatThrownBy(() -> SeriesNotation.values("{{schema:1 sum:3}}")).hasMessageContaining("native histogram");
  }

  @Test
  void parsesSelectors() throws Exception {
    assertThat(SeriesNotation.selector("up{job=\"prometheus\", instance=\"localhost:9090\"}"))
        .isEqualTo(Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"));
    assertThat(SeriesNotation.selector("{a=\"x\\\"y\"}")).isEqualTo(Labels.of("a", "x\"y"));
    assertThat(SeriesNotation.selector("requests{}")).isEqualTo(Labels.of("__name__", "requests"));
    for (String bad : Arrays.asList("up{job=\"a\"", "up{job}", "up{job=a}", "up{job=\"a\"} x", "up job", "{\"unterminated")) {
      assertThatThrownBy(() -> SeriesNotation.selector(bad)).as(bad).hasMessageContaining("parse error");
    }
  }
}
