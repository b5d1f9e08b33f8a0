package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** The indexed form of span and trace ids: hex as raw bytes in either case, anything else as text. */
class SpanIdTermTest {
  @Test
  void hexIdsInEitherCaseAreTheSameRawBytes() {
    BytesRef lower = SpanMapping.idTerm("0af7651916cd43dd8448eb211c80319c");
    assertThat(lower.length).isEqualTo(16);
    assertThat(SpanMapping.idTerm("0AF7651916CD43DD8448EB211C80319C")).isEqualTo(lower);
    assertThat(SpanMapping.idTerm("0aF7651916cD43dd8448EB211c80319C")).isEqualTo(lower);
    assertThat(SpanMapping.idFromTerm(lower)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void anythingElseIsTextBehindAMarkerByte() {
    // Not hex: a letter past f, an odd length, and digits that Character.digit accepts outside ASCII
    // (Arabic-Indic three, fullwidth zero and A), which must not be read as hex.
    for (String id : new String[] {"0af7651916cd43dg", "abc", "\u0663\u0663", "\uFF10\uFF21", "req-27dc0czw7", ""}) {
      BytesRef term = SpanMapping.idTerm(id);
      byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
      assertThat(term.length).as(id).isEqualTo(utf8.length + 1);
      assertThat(term.bytes[term.offset]).as(id).isEqualTo((byte) 0xFF);
      assertThat(SpanMapping.idFromTerm(term)).isEqualTo(id);
    }
  }
}
