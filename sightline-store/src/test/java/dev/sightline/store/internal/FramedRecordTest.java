package dev.sightline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class FramedRecordTest {
  private static byte[][] sources(int n, int maxLength, long seed) {
    Random random = new Random(seed);
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new byte[random.nextInt(maxLength + 1)];
      random.nextBytes(out[i]);
    }
    return out;
  }

  @Test
  void framesSplitBackIntoTheSameBytesAsSlicesOfTheRecord() {
    for (int n : new int[] {0, 1, 2, 200}) {
      byte[][] in = sources(n, 400, n);
      byte[] record = FramedRecord.frame(in);
      assertThat(FramedRecord.isFramed(record)).isTrue();
      List<BytesRef> out = FramedRecord.split(record);
      assertThat(out).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(out.get(i).bytes).as("a slice, not a copy").isSameAs(record);
        assertThat(BytesRef.deepCopyOf(out.get(i)).bytes).isEqualTo(in[i]);
      }
    }
  }

  @Test
  void recordsOfTheCodecsBeforeFramingAreRecognisedAsSuch() {
    assertThat(FramedRecord.isFramed(new byte[] {1, 0})).isFalse(); // LogCodec / SpanCodec version 1
    assertThat(FramedRecord.isFramed(new byte[0])).isFalse();
  }

  @Test
  void truncatedRecordsAreRefusedWithTheReason() {
    byte[] record = FramedRecord.frame(sources(5, 300, 3));
    for (int cut = 1; cut < record.length; cut++) {
      byte[] truncated = Arrays.copyOf(record, cut);
      assertThatThrownBy(() -> FramedRecord.split(truncated)).as("cut at %d", cut)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("framed");
    }
  }

  @Test
  void hostileCountsLengthsAndTrailingBytesAreRefused() {
    // a count of 2^31-1 events in a 6-byte record
    assertThatThrownBy(() -> FramedRecord.split(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}))
        .hasMessageContaining("claims");
    // a varint that never ends
    assertThatThrownBy(() -> FramedRecord.split(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF})).hasMessageContaining("malformed");
    // one event whose length runs past the end
    assertThatThrownBy(() -> FramedRecord.split(new byte[] {0x7F, 1, 9, 1, 2})).hasMessageContaining("only 2 remain");
    // bytes after the last event
    byte[] ok = FramedRecord.frame(new byte[][] {"a".getBytes(StandardCharsets.UTF_8)});
    byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> FramedRecord.split(trailing)).hasMessageContaining("unexpected bytes");
    assertThatThrownBy(() -> FramedRecord.split(new byte[] {1, 1, 1})).hasMessageContaining("not a framed");
  }
}
