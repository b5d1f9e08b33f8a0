package dev.sightline.ingest.prometheus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.ingest.internal.SnappyBlocks;
import dev.sightline.ingest.prometheus.proto.Label;
import dev.sightline.ingest.prometheus.proto.TimeSeries;
import dev.sightline.ingest.prometheus.proto.WriteRequest;
import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a Prometheus remote-write 1.0 body: snappy block format around a protobuf {@code WriteRequest}.
 *
 * <p>Failures of the whole body (corrupt snappy, truncated protobuf) throw {@link InvalidPayloadException};
 * a declared uncompressed size over the limit throws {@link PayloadTooLargeException} before anything is
 * allocated. Invalid series are rejected one by one and reported in {@link RemoteWriteBatch}; see
 * {@link RemoteWriteStatus} for the HTTP status each outcome maps to.
 *
 * <p>Validation per series, as the spec requires of senders: label names match
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, {@code __name__} is present and a valid metric name, names are sorted
 * and unique, and values fit the length limit. Empty label values mean "absent" and are dropped. Every
 * float is a valid sample value, NaN and ±Inf included (the staleness marker is a NaN). Timestamps are
 * milliseconds; one beyond {@link RemoteWriteLimits#maxFutureTimestampMs()} is taken for a unit mistake.
 *
 * <p>Thread-safe and stateless.
 */
public final class RemoteWriteDecoder {
  private static final int MAX_REPORTED_PROBLEMS = 5;

  private final RemoteWriteLimits limits;

  private RemoteWriteDecoder(RemoteWriteLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public static RemoteWriteDecoder create(RemoteWriteLimits limits) {
    return new RemoteWriteDecoder(limits);
  }

  /** Decodes a body as received ({@code Content-Encoding: snappy}, block format). */
  public RemoteWriteBatch decode(byte[] snappyBody) {
    return decodeProtobuf(uncompress(snappyBody));
  }

  /** Decodes an already uncompressed {@code WriteRequest}. */
  public RemoteWriteBatch decodeProtobuf(byte[] protobuf) {
    WriteRequest request;
    try {
      request = WriteRequest.parseFrom(protobuf);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException("malformed remote-write protobuf WriteRequest: " + e.getMessage(), e);
    }
    return decode(request);
  }

  /** Validates a parsed request. */
  public RemoteWriteBatch decode(WriteRequest request) {
    List<MetricSeries> series = new ArrayList<>(request.getTimeseriesCount());
    List<String> problems = new ArrayList<>();
    int rejectedSeries = 0;
    long rejectedSamples = 0;
    long histograms = 0;
    for (int i = 0; i < request.getTimeseriesCount(); i++) {
      TimeSeries ts = request.getTimeseries(i);
      histograms += ts.getHistogramsCount();
      String problem = labelProblem(ts.getLabelsList());
      if (problem == null) {
        problem = timestampProblem(ts);
      }
      if (problem != null) {
        rejectedSeries++;
        rejectedSamples += ts.getSamplesCount();
        if (problems.size() < MAX_REPORTED_PROBLEMS) {
          problems.add("timeseries[" + i + "]: " + problem);
        }
        continue;
      }
      if (ts.getSamplesCount() == 0 && ts.getExemplarsCount() == 0) {
        continue; // e.g. a histogram-only series: nothing to store
      }
      series.add(new MetricSeries(labels(ts.getLabelsList()), samples(ts), exemplars(ts)));
    }
    if (histograms > 0 && problems.size() < MAX_REPORTED_PROBLEMS) {
      problems.add(histograms + " native histogram samples are not supported and were dropped");
    }
    StringBuilder message = new StringBuilder();
    if (rejectedSeries > 0) {
      message.append(rejectedSeries).append(" series rejected: ");
    }
    message.append(String.join("; ", problems));
    return new RemoteWriteBatch(series, metadata(request), rejectedSeries, rejectedSamples, histograms,
        message.toString());
  }

  private byte[] uncompress(byte[] body) {
    return SnappyBlocks.uncompress(body, limits.maxUncompressedBytes(), "maxUncompressedBytes", "remote-write");
  }

  private String labelProblem(List<Label> labels) {
    if (labels.isEmpty()) {
      return "no labels (__name__ is required)";
    }
    if (labels.size() > limits.maxLabelsPerSeries()) {
      return labels.size() + " labels exceed maxLabelsPerSeries = " + limits.maxLabelsPerSeries();
    }
    String previous = null;
    boolean hasName = false;
    for (Label l : labels) {
      String name = l.getName();
      if (name.length() > limits.maxLabelNameLength()) {
        return "label name of " + name.length() + " characters exceeds maxLabelNameLength = "
            + limits.maxLabelNameLength();
      }
      if (!PrometheusNames.isValidLabelName(name)) {
        return "invalid label name '" + abbreviate(name) + "' (must match [a-zA-Z_][a-zA-Z0-9_]*)";
      }
      if (l.getValue().length() > limits.maxLabelValueLength()) {
        return "value of label '" + name + "' has " + l.getValue().length()
            + " characters, exceeds maxLabelValueLength = " + limits.maxLabelValueLength();
      }
      if (previous != null) {
        int c = previous.compareTo(name);
        if (c == 0) {
          return "duplicate label name '" + name + "'";
        }
        if (c > 0) {
          return "labels not sorted by name ('" + previous + "' before '" + name + "')";
        }
      }
      previous = name;
      if (name.equals(Labels.METRIC_NAME)) {
        hasName = true;
        if (!PrometheusNames.isValidMetricName(l.getValue())) {
          return "invalid metric name '" + abbreviate(l.getValue()) + "' (must match [a-zA-Z_:][a-zA-Z0-9_:]*)";
        }
      }
    }
    return hasName ? null : "missing __name__ label";
  }

  private String timestampProblem(TimeSeries ts) {
    for (int i = 0; i < ts.getSamplesCount(); i++) {
      long t = ts.getSamples(i).getTimestamp();
      if (t > limits.maxFutureTimestampMs()) {
        return "samples[" + i + "].timestamp " + t
            + " is implausibly far in the future (remote-write timestamps are milliseconds)";
      }
    }
    return null;
  }

  private static Labels labels(List<Label> labels) {
    Labels.Builder b = Labels.builder();
    for (Label l : labels) {
      b.set(l.getName(), l.getValue());
    }
    return b.build();
  }

  private static List<Sample> samples(TimeSeries ts) {
    List<Sample> out = new ArrayList<>(ts.getSamplesCount());
    for (var s : ts.getSamplesList()) {
      out.add(new Sample(s.getTimestamp(), s.getValue()));
    }
    return out;
  }

  private static List<Exemplar> exemplars(TimeSeries ts) {
    List<Exemplar> out = new ArrayList<>(ts.getExemplarsCount());
    for (var e : ts.getExemplarsList()) {
      // Exemplars are supporting data: invalid ones are skipped rather than failing their series.
      if (e.getLabelsList().stream().allMatch(l -> PrometheusNames.isValidLabelName(l.getName()))) {
        out.add(new Exemplar(labels(e.getLabelsList()), e.getValue(), e.getTimestamp()));
      }
    }
    return out;
  }

  private static List<MetricMetadata> metadata(WriteRequest request) {
    List<MetricMetadata> out = new ArrayList<>(request.getMetadataCount());
    for (var m : request.getMetadataList()) {
      MetricType type = switch (m.getType()) {
        case COUNTER -> MetricType.COUNTER;
        case GAUGE -> MetricType.GAUGE;
        case HISTOGRAM -> MetricType.HISTOGRAM;
        case GAUGEHISTOGRAM -> MetricType.GAUGE_HISTOGRAM;
        case SUMMARY -> MetricType.SUMMARY;
        case INFO -> MetricType.INFO;
        case STATESET -> MetricType.STATESET;
        default -> MetricType.UNKNOWN;
      };
      out.add(new MetricMetadata(m.getMetricFamilyName(), type, m.getHelp(), m.getUnit()));
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
