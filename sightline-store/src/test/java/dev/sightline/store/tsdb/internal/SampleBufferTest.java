package dev.sightline.store.tsdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleBufferTest {
  private static SampleBuffer of(long... ts) {
    SampleBuffer b = new SampleBuffer();
    for (long t : ts) {
      b.add(t, t * 10);
    }
    return b;
  }

  @Test
  void addAllAppendsALaterBufferAndMergesAnOverlappingOneKeepingTheFirstOfATimestamp() {
    SampleBuffer a = of(1, 2, 3);
    a.addAll(of(4, 5));
    assertThat(a.timestamps()).containsExactly(1, 2, 3, 4, 5);
    assertThat(a.values()).containsExactly(10, 20, 30, 40, 50);
    SampleBuffer other = of(0, 3, 6);
    other.v[1] = -1; // same timestamp as a's 3: a's value wins
    a.addAll(other);
    assertThat(a.timestamps()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(a.values()).containsExactly(0, 10, 20, 30, 40, 50, 60);
    assertThat(a.lastTime()).isEqualTo(6);
    assertThat(new SampleBuffer().lastTime()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void exportedArraysAreExactlyLongAndIndependentOfLaterAppends() {
    SampleBuffer b = of(1, 2, 3);
    long[] t = b.timestamps();
    assertThat(t).hasSize(3);
    b.add(4, 40);
    assertThat(t).containsExactly(1, 2, 3);
    assertThat(b.timestamps()).containsExactly(1, 2, 3, 4);
  }
}
