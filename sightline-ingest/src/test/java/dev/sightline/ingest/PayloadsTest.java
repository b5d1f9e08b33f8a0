package dev.sightline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  private static final IngestLimits LIMITS = IngestLimits.builder()
      .maxBodyBytes(1 << 20).maxDecompressedBytes(4 << 20).build();

  @Test
  void identityAndMissingEncodingReturnTheBodyUnchanged() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(Payloads.decode(body, null, LIMITS)).isEqualTo(body);
    assertThat(Payloads.decode(body, "", LIMITS)).isEqualTo(body);
    assertThat(Payloads.decode(body, "Identity", LIMITS)).isEqualTo(body);
  }

  @Test
  void identityBodyOverTheDecompressedLimitIsRefusedToo() {
    IngestLimits l = IngestLimits.builder().maxBodyBytes(100).maxDecompressedBytes(10).build();
    assertThatThrownBy(() -> Payloads.decode(new byte[11], "identity", l))
        .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("maxDecompressedBytes = 10");
  }

  @Test
  void gzipAndDeflateAreDecoded() throws IOException {
    byte[] body = "hello, sightline".repeat(100).getBytes(StandardCharsets.UTF_8);
    assertThat(Payloads.decode(gzip(body), "gzip", LIMITS)).isEqualTo(body);
    assertThat(Payloads.decode(gzip(body), "X-GZIP", LIMITS)).isEqualTo(body);
    assertThat(Payloads.decode(deflate(body), "deflate", LIMITS)).isEqualTo(body);
    assertThat(Payloads.read(new ByteArrayInputStream(gzip(body)), "gzip", LIMITS)).isEqualTo(body);
  }

  @Test
  void stackedEncodingsAreUndoneInReverseOrder() throws IOException {
    byte[] body = "twice".getBytes(StandardCharsets.UTF_8);
    byte[] twice = gzip(deflate(body)); // deflate applied first, then gzip
    assertThat(Payloads.decode(twice, "deflate, gzip", LIMITS)).isEqualTo(body);
  }

  @Test
  void unknownEncodingIsRejectedByName() {
    assertThatThrownBy(() -> Payloads.decode(new byte[1], "br", LIMITS))
        .isInstanceOf(UnsupportedContentEncodingException.class)
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("'br'").hasMessageContaining("gzip");
  }

  @Test
  void oversizedRawBodyNamesTheLimit() {
    byte[] big = new byte[(1 << 20) + 1];
    assertThatThrownBy(() -> Payloads.decode(big, null, LIMITS))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("maxBodyBytes = 1048576")
        .satisfies(e -> assertThat(((PayloadTooLargeException) e).limitName()).isEqualTo("maxBodyBytes"));
    assertThatThrownBy(() -> Payloads.read(new ByteArrayInputStream(big), null, LIMITS))
        .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("maxBodyBytes");
  }

  @Test
  void gzipBombOfOneGigabyteStopsAtTheDecompressedLimit() throws IOException {
    // 1 GiB of zeros, compressed while it is generated so the test never holds it in memory.
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 16];
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed, 1 << 16) {
      { def.setLevel(Deflater.BEST_SPEED); } // the bomb only needs to be small, not optimal
    }) {
      for (int i = 0; i < (1 << 14); i++) {
        gz.write(zeros);
      }
    }
    assertThat(compressed.size()).isLessThan(8 << 20); // ~4.5 MiB on the wire at BEST_SPEED
    IngestLimits roomy = LIMITS.toBuilder().maxBodyBytes(16 << 20).build();
    assertThatThrownBy(() -> Payloads.decode(compressed.toByteArray(), "gzip", roomy))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("decompressed request body exceeds maxDecompressedBytes = 4194304");
  }

  @Test
  void corruptAndTruncatedGzipAreInvalidPayloads() throws IOException {
    assertThatThrownBy(() -> Payloads.decode("not gzip".getBytes(StandardCharsets.UTF_8), "gzip", LIMITS))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("gzip");
    byte[] gz = gzip("some body that is long enough".repeat(50).getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> Payloads.decode(truncated, "gzip", LIMITS))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("truncated");
  }

  static byte[] gzip(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
      d.write(in);
    }
    return out.toByteArray();
  }
}
