package dev.sightline.bench.internal;

import dev.sightline.ingest.prometheus.proto.Label;
import dev.sightline.ingest.prometheus.proto.Sample;
import dev.sightline.ingest.prometheus.proto.TimeSeries;
import dev.sightline.ingest.prometheus.proto.WriteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Encodes a {@link ScrapeFleet}'s current scrape as Prometheus remote-write 1.0 bodies: a protobuf
 * {@code WriteRequest} (the classes generated in sightline-ingest from the spec), snappy block format.
 * One {@code TimeSeries} per series with one sample, labels sorted by name, as Prometheus's own sender
 * writes them. Label messages are built once per series and reused.
 */
public final class RemoteWriteEncoder {
  private final ScrapeFleet fleet;
  private final List<List<Label>> labels;

  public RemoteWriteEncoder(ScrapeFleet fleet) {
    this.fleet = fleet;
    this.labels = new ArrayList<>(fleet.seriesCount());
    for (int i = 0; i < fleet.seriesCount(); i++) {
      String[] pairs = fleet.labels(i);
      List<Label> l = new ArrayList<>(pairs.length / 2);
      for (int k = 0; k < pairs.length; k += 2) {
        l.add(Label.newBuilder().setName(pairs[k]).setValue(pairs[k + 1]).build());
      }
      labels.add(List.copyOf(l));
    }
  }

  /** The uncompressed {@code WriteRequest} for series {@code ids[from, to)} at the fleet's current scrape. */
  public WriteRequest request(int[] ids, int from, int to) {
    WriteRequest.Builder req = WriteRequest.newBuilder();
    for (int k = from; k < to; k++) {
      int i = ids[k];
      req.addTimeseries(TimeSeries.newBuilder().addAllLabels(labels.get(i))
          .addSamples(Sample.newBuilder().setTimestamp(fleet.timestamp(i)).setValue(fleet.value(i))));
    }
    return req.build();
  }

  /** The body as sent: snappy block format around {@link #request}. */
  public byte[] body(int[] ids, int from, int to) {
    try {
      return Snappy.compress(request(ids, from, to).toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
