package dev.sightline.server.receiver;

import com.google.rpc.Code;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.otlp.OtlpLogDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.pipeline.QueueFullException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;

/** OTLP/gRPC logs, with the same outcomes as {@link OtlpGrpcTraceService}. */
public final class OtlpGrpcLogsService extends LogsServiceGrpc.LogsServiceImplBase {
  private static final String PROTOCOL = "otlp_grpc";
  private final Intake<LogRecord> intake;
  private final OtlpLogDecoder decoder;

  public OtlpGrpcLogsService(Intake<LogRecord> intake, OtlpLogDecoder decoder) {
    this.intake = intake;
    this.decoder = decoder;
  }

  @Override
  public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
    DecodeResult<LogRecord> result;
    try {
      result = decoder.decode(request);
    } catch (InvalidPayloadException e) {
      intake.refusedWhole(PROTOCOL, "invalid");
      observer.onError(OtlpGrpcTraceService.status(Code.INVALID_ARGUMENT, e.getMessage(), false));
      return;
    }
    if (result.accepted().isEmpty() && result.rejected() > 0) {
      intake.refusedAll(PROTOCOL, result);
      observer.onError(OtlpGrpcTraceService.status(Code.INVALID_ARGUMENT, result.errorMessage(), false));
      return;
    }
    try {
      intake.submit(PROTOCOL, result).whenComplete((ok, failure) -> {
        if (failure == null) {
          observer.onNext(OtlpLogDecoder.response(result));
          observer.onCompleted();
        } else {
          observer.onError(OtlpGrpcTraceService.status(Code.UNAVAILABLE,
              "storage write failed; retry: " + failure.getMessage(), true));
        }
      });
    } catch (QueueFullException e) {
      observer.onError(OtlpGrpcTraceService.status(Code.UNAVAILABLE, e.getMessage(), true));
    }
  }
}
