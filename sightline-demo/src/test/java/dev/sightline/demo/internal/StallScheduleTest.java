package dev.sightline.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallScheduleTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StallSchedule schedule = StallSchedule.of(now::get, Duration.ofSeconds(15), Duration.ofSeconds(30));

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void firstStallComesAfterTheInitialDelayThenOnePerPeriod() {
    assertThat(schedule.claim()).isFalse();
    advance(Duration.ofSeconds(14));
    assertThat(schedule.claim()).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(schedule.claim()).as("due at 15 s").isTrue();
    assertThat(schedule.claim()).as("only one request per period stalls").isFalse();
    advance(Duration.ofSeconds(29));
    assertThat(schedule.claim()).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(schedule.claim()).as("30 s after the last stall").isTrue();
  }

  @Test
  void aQuietPeriodDoesNotCauseABurstOfStalls() {
    advance(Duration.ofMinutes(10)); // no requests for ten minutes
    assertThat(schedule.claim()).isTrue();
    assertThat(schedule.claim()).isFalse();
  }

  @Test
  void worksAcrossNanoTimeOverflow() {
    AtomicLong t = new AtomicLong(Long.MAX_VALUE - 1_000);
    StallSchedule s = StallSchedule.of(t::get, Duration.ofSeconds(1), Duration.ofSeconds(30));
    t.addAndGet(Duration.ofSeconds(1).toNanos()); // wraps to negative
    assertThat(s.claim()).isTrue();
  }

  @Test
  void rejectsNonsensicalPeriods() {
    assertThatThrownBy(() -> StallSchedule.of(now::get, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("every > 0");
    assertThatThrownBy(() -> StallSchedule.of(now::get, Duration.ofSeconds(-1), Duration.ofSeconds(30)))
        .hasMessageContaining("first must be >= 0");
  }
}
