package dev.sightline.server.receiver;

import com.google.rpc.Code;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.otlp.metrics.MetricsTranslation;
import dev.sightline.ingest.otlp.metrics.OtlpMetricsTranslator;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;

/** OTLP/gRPC metrics, translated to Prometheus series (see {@link OtlpTargets#metrics}). */
public final class OtlpGrpcMetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {
  private final OtlpHttpReceiver.Target<MetricsTranslation> target;
  private final OtlpMetricsTranslator translator;
  private final java.util.concurrent.Executor blocking;

  public OtlpGrpcMetricsService(OtlpMetricsTranslator translator, MetricsIntake intake,
                                java.util.concurrent.Executor blocking) {
    this.translator = translator;
    this.target = OtlpTargets.metrics(translator, intake);
    this.blocking = blocking;
  }

  @Override
  public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> observer) {
    blocking.execute(() -> {
      MetricsTranslation t;
      try {
        t = translator.translate(request);
      } catch (InvalidPayloadException e) {
        target.refused("invalid");
        observer.onError(OtlpGrpcTraceService.status(Code.INVALID_ARGUMENT, e.getMessage(), false));
        return;
      }
      String unusable = target.unusable(t);
      if (unusable != null) {
        observer.onError(OtlpGrpcTraceService.status(Code.INVALID_ARGUMENT, unusable, false));
        return;
      }
      try {
        target.store(t).whenComplete((response, failure) -> {
          if (failure == null) {
            observer.onNext((ExportMetricsServiceResponse) response);
            observer.onCompleted();
          } else {
            observer.onError(OtlpGrpcTraceService.status(Code.UNAVAILABLE,
                "storage write failed; retry: " + failure.getMessage(), true));
          }
        });
      } catch (OtlpHttpReceiver.RetryLaterException e) {
        observer.onError(OtlpGrpcTraceService.status(Code.UNAVAILABLE, e.getMessage(), true));
      }
    });
  }
}
