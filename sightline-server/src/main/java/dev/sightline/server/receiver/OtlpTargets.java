package dev.sightline.server.receiver;

import com.google.protobuf.Message;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.otlp.metrics.MetricsTranslation;
import dev.sightline.ingest.otlp.metrics.OtlpMetricsTranslator;
import dev.sightline.pipeline.QueueFullException;
import dev.sightline.store.metrics.AppendResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The {@link OtlpHttpReceiver.Target}s of the three signals. */
public final class OtlpTargets {
  private OtlpTargets() {}

  /** Traces or logs: decoded records through the signal's ingest queue. */
  public static <T> OtlpHttpReceiver.Target<DecodeResult<T>> queued(
      Intake<T> intake, Function<byte[], DecodeResult<T>> protobuf, Function<byte[], DecodeResult<T>> json,
      Function<DecodeResult<T>, Message> response) {
    String protocol = OtlpHttpReceiver.protocol();
    return new OtlpHttpReceiver.Target<>() {
      @Override
      public DecodeResult<T> decodeProtobuf(byte[] body) {
        return protobuf.apply(body);
      }

      @Override
      public DecodeResult<T> decodeJson(byte[] body) {
        return json.apply(body);
      }

      @Override
      public String unusable(DecodeResult<T> r) {
        if (r.accepted().isEmpty() && r.rejected() > 0) {
          intake.refusedAll(protocol, r);
          return r.errorMessage();
        }
        return null;
      }

      @Override
      public CompletableFuture<Message> store(DecodeResult<T> r) throws OtlpHttpReceiver.RetryLaterException {
        try {
          return intake.submit(protocol, r).thenApply(v -> response.apply(r));
        } catch (QueueFullException e) {
          throw new OtlpHttpReceiver.RetryLaterException(e.getMessage(), e.shuttingDown());
        }
      }

      @Override
      public void refused(String reason) {
        intake.refusedWhole(protocol, reason);
      }
    };
  }

  /** Metrics: translated to Prometheus series and committed to the TSDB. */
  public static OtlpHttpReceiver.Target<MetricsTranslation> metrics(OtlpMetricsTranslator translator,
                                                                    MetricsIntake intake) {
    String protocol = OtlpHttpReceiver.protocol();
    return new OtlpHttpReceiver.Target<>() {
      @Override
      public MetricsTranslation decodeProtobuf(byte[] body) {
        return translator.decodeProtobuf(body);
      }

      @Override
      public MetricsTranslation decodeJson(byte[] body) {
        return translator.decodeJson(body);
      }

      @Override
      public String unusable(MetricsTranslation t) {
        return t.series().isEmpty() && t.rejectedDataPoints() > 0 ? t.errorMessage() : null;
      }

      @Override
      public CompletableFuture<Message> store(MetricsTranslation t) throws OtlpHttpReceiver.RetryLaterException {
        try {
          intake.recordMetadata(t.metadata());
          AppendResult r = intake.write(protocol, t::forEachSample);
          if (!r.allAccepted()) {
            // OTLP has no per-sample refusal: report refused samples as partial success with the reasons.
            return CompletableFuture.completedFuture(OtlpMetricsTranslator.response(t).toBuilder()
                .setPartialSuccess(io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess
                    .newBuilder()
                    .setRejectedDataPoints(t.rejectedDataPoints() + r.outOfOrder() + r.rejectedByLimit())
                    .setErrorMessage(String.join("; ", r.errors())))
                .build());
          }
          return CompletableFuture.completedFuture(OtlpMetricsTranslator.response(t));
        } catch (MetricsIntake.BusyException e) {
          throw new OtlpHttpReceiver.RetryLaterException(e.getMessage(), false);
        } catch (java.io.IOException e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      @Override
      public void refused(String reason) {
        intake.refused(protocol, reason);
      }
    };
  }
}
