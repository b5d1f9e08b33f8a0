package dev.sightline.ingest.logs;

import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.CLOCK;
import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.model.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Loki's protobuf push (Promtail's and Alloy's default). The bodies are written field by field from the
 * wire format Loki documents (PushRequest.streams = 1; stream labels = 1, entries = 2; entry timestamp =
 * 1 as google.protobuf.Timestamp, line = 2, structuredMetadata = 3 of name = 1 / value = 2), not with
 * Sightline's generated classes, so a wrong field number in our .proto fails here.
 */
class LokiProtobufPushTest {
  final LokiPushDecoder decoder = LokiPushDecoder.create(IngestLimits.defaults(), CLOCK);

  @Test
  void streamsLabelsLinesAndStructuredMetadata() throws IOException {
    byte[] body = snappy(push(
        stream("{job=\"varlogs\", service_name=\"checkout\", level=\"error\", note=\"say \\\"hi\\\"\\n\"}",
            entry(T, "payment failed for order 42"),
            entry(T + 1, "retrying", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")),
        stream("{app=\"cart\"}", entry(T + 2, "{\"level\":\"warn\",\"msg\":\"slow query\",\"rows\":1200}"))));
    DecodeResult<LogRecord> r = decoder.decodeProtobuf(body);
    assertThat(r.errorMessage()).isEmpty();
    assertThat(r.accepted()).hasSize(3);

    LogRecord plain = r.accepted().get(0);
    assertThat(plain.epochNanos()).isEqualTo(T);
    assertThat(plain.body()).isEqualTo("payment failed for order 42");
    assertThat(plain.serviceName()).isEqualTo("checkout");
    assertThat(plain.severityNumber()).isEqualTo(17);
    assertThat(plain.attributes().asMap()).containsExactly(Map.entry("job", "varlogs"),
        Map.entry("note", "say \"hi\"\n"));

    assertThat(r.accepted().get(1).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(r.accepted().get(1).epochNanos()).isEqualTo(T + 1);

    LogRecord json = r.accepted().get(2);
    assertThat(json.serviceName()).isEqualTo("cart");
    assertThat(json.body()).isEqualTo("slow query");
    assertThat(json.severityNumber()).isEqualTo(13);
    assertThat(json.attributes().asMap()).containsEntry("rows", 1200L);
  }

  @Test
  void badEntriesAreRejectedAlone() throws IOException {
    IngestLimits small = IngestLimits.builder().maxLineBytes(100).build();
    byte[] body = snappy(push(stream("{job=\"a\"}",
        entry(T, "good"), entryWithoutTimestamp("no time"), entry(1_000, "too old"), entry(T, "x".repeat(101)))));
    DecodeResult<LogRecord> r = LokiPushDecoder.create(small, CLOCK).decodeProtobuf(body);
    assertThat(r.accepted()).extracting(LogRecord::body).containsExactly("good");
    assertThat(r.errorMessage()).startsWith("3 log entries rejected: ")
        .contains("streams[0].entries[1]: timestamp: missing")
        .contains("streams[0].entries[2]: timestamp: too far in the past")
        .contains("streams[0].entries[3]: line is 101 bytes, longer than maxLineBytes = 100");
  }

  @Test
  void malformedLabelsFailTheRequestNamingTheStream() throws IOException {
    for (String[] c : new String[][] {
        {"job=\"a\"", "expected '{'"},
        {"{job=\"a\"", "labels end early"},
        {"{job=\"a}", "labels end early, expected closing '\"'"},
        {"{job=a}", "expected '\"'"},
        {"{9job=\"a\"}", "expected a label name"},
        {"{job=\"a\",job=\"b\"}", "label 'job' appears twice"},
        {"{job=\"\\q\"}", "unknown escape '\\q'"},
        {"{job=\"\\u12", "truncated escape"},
        {"{job=\"\\u12zz\"}", "bad hex escape"},
        {"{job=\"a\"} x", "unexpected text after '}'"}}) {
      byte[] body = snappy(push(stream(c[0], entry(T, "line"))));
      assertThatThrownBy(() -> decoder.decodeProtobuf(body)).as(c[0])
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessageStartingWith("streams[0].labels: ").hasMessageContaining(c[1]);
    }
    DecodeResult<LogRecord> empty = decoder.decodeProtobuf(snappy(push(stream(" { } ", entry(T, "no labels")))));
    assertThat(empty.accepted()).extracting(LogRecord::body).containsExactly("no labels");
  }

  @Test
  void corruptTruncatedAndOversizedBodies() throws IOException {
    byte[] good = push(stream("{job=\"a\"}", entry(T, "line")));
    assertThatThrownBy(() -> decoder.decodeProtobuf(good)) // not snappy-compressed at all
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("corrupt snappy body");
    byte[] truncatedProtobuf = snappy(Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> decoder.decodeProtobuf(truncatedProtobuf))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("malformed Loki protobuf PushRequest");
    byte[] compressed = snappy(good);
    assertThatThrownBy(() -> decoder.decodeProtobuf(Arrays.copyOf(compressed, compressed.length - 4)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("corrupt snappy body");
    // A tiny body that declares 2 GiB uncompressed is refused before anything is allocated.
    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};
    assertThatThrownBy(() -> decoder.decodeProtobuf(bomb)).isInstanceOf(PayloadTooLargeException.class);
    IngestLimits small = IngestLimits.builder().maxDecompressedBytes(64).build();
    byte[] big = snappy(push(stream("{job=\"a\"}", entry(T, "y".repeat(200)))));
    assertThatThrownBy(() -> LokiPushDecoder.create(small, CLOCK).decodeProtobuf(big))
        .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("maxDecompressedBytes");
  }

  // --- wire format, field by field -------------------------------------------------------------------

  static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] push(byte[]... streams) throws IOException {
    return message(out -> {
      for (byte[] s : streams) {
        out.writeByteArray(1, s);
      }
    });
  }

  static byte[] stream(String labels, byte[]... entries) throws IOException {
    return message(out -> {
      out.writeString(1, labels);
      for (byte[] e : entries) {
        out.writeByteArray(2, e);
      }
      out.writeUInt64(3, 12345L); // the client's label hash, ignored
    });
  }

  static byte[] entry(long nanos, String line, String... metadata) throws IOException {
    byte[] ts = message(out -> {
      out.writeInt64(1, Math.floorDiv(nanos, 1_000_000_000L));
      out.writeInt32(2, (int) Math.floorMod(nanos, 1_000_000_000L));
    });
    return message(out -> {
      out.writeByteArray(1, ts);
      out.writeString(2, line);
      writeMetadata(out, metadata);
    });
  }

  static byte[] entryWithoutTimestamp(String line) throws IOException {
    return message(out -> out.writeString(2, line));
  }

  private static void writeMetadata(CodedOutputStream out, String... metadata) throws IOException {
    for (int i = 0; i < metadata.length; i += 2) {
      String name = metadata[i];
      String value = metadata[i + 1];
      out.writeByteArray(3, message(pair -> {
        pair.writeString(1, name);
        pair.writeString(2, value);
      }));
    }
  }

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Writer w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    w.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
