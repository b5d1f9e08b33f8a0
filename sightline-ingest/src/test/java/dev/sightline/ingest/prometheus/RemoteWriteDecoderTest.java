package dev.sightline.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.ingest.prometheus.proto.Histogram;
import dev.sightline.ingest.prometheus.proto.Label;
import dev.sightline.ingest.prometheus.proto.TimeSeries;
import dev.sightline.ingest.prometheus.proto.WriteRequest;
import dev.sightline.model.metric.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteDecoderTest {
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  private final RemoteWriteDecoder decoder = RemoteWriteDecoder.create(RemoteWriteLimits.defaults());

  @Test
  void decodesSeriesSamplesExemplarsAndMetadata() {
    double stale = Double.longBitsToDouble(STALE_NAN_BITS);
    WriteRequest request = WriteRequest.newBuilder()
        .addTimeseries(TimeSeries.newBuilder()
            .addAllLabels(labels("__name__", "http_requests_total", "job", "api", "method", "GET"))
            .addSamples(sample(1_700_000_000_000L, 1))
            .addSamples(sample(1_700_000_015_000L, 5))
            .addExemplars(dev.sightline.ingest.prometheus.proto.Exemplar.newBuilder()
                .addAllLabels(labels("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"))
                .setValue(1.5).setTimestamp(1_700_000_014_000L)))
        .addTimeseries(TimeSeries.newBuilder()
            .addAllLabels(labels("__name__", "temperature", "room", "lab"))
            .addSamples(sample(1_700_000_000_000L, Double.NaN))
            .addSamples(sample(1_700_000_001_000L, Double.POSITIVE_INFINITY))
            .addSamples(sample(1_700_000_002_000L, Double.NEGATIVE_INFINITY))
            .addSamples(sample(1_700_000_003_000L, stale)))
        .addMetadata(dev.sightline.ingest.prometheus.proto.MetricMetadata.newBuilder()
            .setType(dev.sightline.ingest.prometheus.proto.MetricMetadata.MetricType.COUNTER)
            .setMetricFamilyName("http_requests").setHelp("Requests.").setUnit(""))
        .build();

    RemoteWriteBatch batch = decoder.decode(snappy(request.toByteArray()));

    assertThat(batch.hasRejections()).isFalse();
    assertThat(batch.errorMessage()).isEmpty();
    assertThat(batch.series()).hasSize(2);
    MetricSeries first = batch.series().get(0);
    assertThat(first.labels()).isEqualTo(Labels.of("__name__", "http_requests_total", "job", "api", "method", "GET"));
    assertThat(first.samples()).containsExactly(new Sample(1_700_000_000_000L, 1), new Sample(1_700_000_015_000L, 5));
    assertThat(first.exemplars()).containsExactly(new Exemplar(
        Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), 1.5, 1_700_000_014_000L));
    assertThat(first.exemplars().get(0).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    List<Sample> temps = batch.series().get(1).samples();
    assertThat(temps.get(0).value()).isNaN();
    assertThat(temps.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(temps.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Double.doubleToRawLongBits(temps.get(3).value())).as("staleness marker bits survive")
        .isEqualTo(STALE_NAN_BITS);
    assertThat(batch.metadata()).containsExactly(
        new MetricMetadata("http_requests", MetricType.COUNTER, "Requests.", ""));
    assertThat(batch.sampleCount()).isEqualTo(6);

    List<String> appended = new ArrayList<>();
    batch.forEachSample((labels, t, v) -> appended.add(labels.metricName() + "@" + t));
    assertThat(appended).hasSize(6).startsWith("http_requests_total@1700000000000");
  }

  @Test
  void emptyRequestIsValidAndEmpty() {
    RemoteWriteBatch batch = decoder.decode(snappy(new byte[0]));
    assertThat(batch.series()).isEmpty();
    assertThat(batch.hasRejections()).isFalse();
  }

  @Test
  void rejectsBadSeriesButKeepsGoodOnes() {
    WriteRequest request = WriteRequest.newBuilder()
        .addTimeseries(series(labels("__name__", "ok", "a", "1")))
        .addTimeseries(series(labels("__name__", "dup", "a", "1", "a", "2")))
        .addTimeseries(series(labels("b", "1", "__name__", "unsorted")))
        .addTimeseries(series(labels("job", "no_name")))
        .addTimeseries(series(labels("__name__", "bad-name")))
        .addTimeseries(series(labels("__name__", "x", "bad.label", "1")))
        .addTimeseries(series(labels("__name__", "x", "big", "v".repeat(5000))))
        .build();

    RemoteWriteBatch batch = decoder.decodeProtobuf(request.toByteArray());

    assertThat(batch.series()).extracting(s -> s.labels().metricName()).containsExactly("ok");
    assertThat(batch.rejectedSeries()).isEqualTo(6);
    assertThat(batch.rejectedSamples()).isEqualTo(6);
    assertThat(batch.hasRejections()).isTrue();
    assertThat(batch.errorMessage())
        .startsWith("6 series rejected: ")
        .contains("timeseries[1]: duplicate label name 'a'")
        .contains("timeseries[2]: labels not sorted by name ('b' before '__name__')")
        .contains("timeseries[3]: missing __name__ label")
        .contains("timeseries[4]: invalid metric name 'bad-name'")
        .contains("timeseries[5]: invalid label name 'bad.label'");
    // only the first five problems are spelled out; the count covers all of them
    assertThat(batch.errorMessage()).doesNotContain("timeseries[6]");
  }

  @Test
  void hugeLabelValueIsRejectedWithTheLimitNamed() {
    WriteRequest request = WriteRequest.newBuilder()
        .addTimeseries(series(labels("__name__", "x", "big", "v".repeat(5000)))).build();
    RemoteWriteBatch batch = decoder.decodeProtobuf(request.toByteArray());
    assertThat(batch.series()).isEmpty();
    assertThat(batch.errorMessage())
        .contains("value of label 'big' has 5000 characters, exceeds maxLabelValueLength = 4096");
  }

  @Test
  void tooManyLabelsAndMillisecondMistakesAreRejected() {
    RemoteWriteDecoder strict = RemoteWriteDecoder.create(RemoteWriteLimits.builder().maxLabelsPerSeries(2).build());
    RemoteWriteBatch batch = strict.decodeProtobuf(WriteRequest.newBuilder()
        .addTimeseries(series(labels("__name__", "x", "a", "1", "b", "2")))
        .addTimeseries(TimeSeries.newBuilder().addAllLabels(labels("__name__", "ns"))
            .addSamples(sample(1_700_000_000_000_000_000L, 1)))
        .build().toByteArray());
    assertThat(batch.series()).isEmpty();
    assertThat(batch.errorMessage())
        .contains("timeseries[0]: 3 labels exceed maxLabelsPerSeries = 2")
        .contains("timeseries[1]: samples[0].timestamp 1700000000000000000 is implausibly far in the future");
  }

  @Test
  void nativeHistogramsAreReportedAsUnsupported() {
    WriteRequest request = WriteRequest.newBuilder()
        .addTimeseries(TimeSeries.newBuilder().addAllLabels(labels("__name__", "latency"))
            .addHistograms(Histogram.newBuilder().setCountInt(3).setSum(1.5).setSchema(3).setTimestamp(1000)))
        .build();
    RemoteWriteBatch batch = decoder.decodeProtobuf(request.toByteArray());
    assertThat(batch.series()).isEmpty();
    assertThat(batch.unsupportedHistograms()).isEqualTo(1);
    assertThat(batch.hasRejections()).isTrue();
    assertThat(batch.errorMessage()).isEqualTo("1 native histogram samples are not supported and were dropped");
  }

  @Test
  void badSnappyIsBadData() {
    byte[] notSnappy = "this is plain text, not snappy".getBytes();
    assertThatThrownBy(() -> decoder.decode(notSnappy))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("corrupt snappy body");
    assertThat(RemoteWriteStatus.classify(catchThrowable(notSnappy))).isEqualTo(RemoteWriteStatus.BAD_DATA);
  }

  @Test
  void truncatedSnappyIsBadData() {
    byte[] full = snappy(bigRequest().toByteArray());
    byte[] truncated = Arrays.copyOf(full, full.length / 2);
    assertThatThrownBy(() -> decoder.decode(truncated))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("snappy");
  }

  @Test
  void framedSnappyIsRefusedAsNotBlockFormat() throws IOException {
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    try (var out = new org.xerial.snappy.SnappyFramedOutputStream(framed)) {
      out.write(bigRequest().toByteArray());
    }
    assertThatThrownBy(() -> decoder.decode(framed.toByteArray()))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("block format");
  }

  @Test
  void truncatedProtobufIsBadData() {
    byte[] proto = bigRequest().toByteArray();
    byte[] truncated = Arrays.copyOf(proto, proto.length - 7);
    assertThatThrownBy(() -> decoder.decode(snappy(truncated)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith("malformed remote-write protobuf WriteRequest");
  }

  @Test
  void snappyBombIsRefusedFromTheHeaderBeforeAllocating() {
    // A five-byte varint header claiming ~2 GB followed by junk: the decoder must not allocate the buffer.
    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x07, 0, 1, 2, 3};
    assertThatThrownBy(() -> decoder.decode(bomb))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("snappy body declaring 2147483647 uncompressed bytes exceeds maxUncompressedBytes");
    assertThat(RemoteWriteStatus.classify(catchThrowable(bomb))).isEqualTo(RemoteWriteStatus.TOO_LARGE);

    // and a real, valid body just over a small limit
    RemoteWriteDecoder small = RemoteWriteDecoder.create(RemoteWriteLimits.builder().maxUncompressedBytes(100).build());
    assertThatThrownBy(() -> small.decode(snappy(bigRequest().toByteArray())))
        .isInstanceOf(PayloadTooLargeException.class)
        .satisfies(e -> assertThat(((PayloadTooLargeException) e).limitName()).isEqualTo("maxUncompressedBytes"));
  }

  @Test
  void storageFailuresAreRetryable() {
    assertThat(RemoteWriteStatus.classify(new IOException("disk full"))).isEqualTo(RemoteWriteStatus.RETRYABLE);
    assertThat(RemoteWriteStatus.classify(new UncheckedIOException(new IOException("wal"))))
        .isEqualTo(RemoteWriteStatus.RETRYABLE);
    assertThat(RemoteWriteStatus.RETRYABLE.httpStatus()).isEqualTo(503);
    assertThat(RemoteWriteStatus.BAD_DATA.retryable()).isFalse();
  }

  private Throwable catchThrowable(byte[] body) {
    try {
      decoder.decode(body);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static WriteRequest bigRequest() {
    WriteRequest.Builder b = WriteRequest.newBuilder();
    for (int i = 0; i < 50; i++) {
      b.addTimeseries(TimeSeries.newBuilder().addAllLabels(labels("__name__", "m", "i", Integer.toString(i)))
          .addSamples(sample(1_700_000_000_000L + i, i)));
    }
    return b.build();
  }

  private static TimeSeries series(List<Label> labels) {
    return TimeSeries.newBuilder().addAllLabels(labels).addSamples(sample(1_700_000_000_000L, 1)).build();
  }

  private static dev.sightline.ingest.prometheus.proto.Sample sample(long t, double v) {
    return dev.sightline.ingest.prometheus.proto.Sample.newBuilder().setTimestamp(t).setValue(v).build();
  }

  private static List<Label> labels(String... kv) {
    List<Label> out = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.add(Label.newBuilder().setName(kv[i]).setValue(kv[i + 1]).build());
    }
    return out;
  }

  private static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
