package dev.sightline.server.receiver;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.otlp.OtlpTraceDecoder;
import dev.sightline.model.Span;
import dev.sightline.pipeline.QueueFullException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * OTLP/gRPC traces. Invalid spans are refused through {@code partial_success}; a request Sightline
 * cannot take now is answered {@code UNAVAILABLE} with a {@code RetryInfo}, which OTLP exporters retry.
 */
public final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {
  private static final String PROTOCOL = "otlp_grpc";
  private final Intake<Span> intake;
  private final OtlpTraceDecoder decoder;

  public OtlpGrpcTraceService(Intake<Span> intake, OtlpTraceDecoder decoder) {
    this.intake = intake;
    this.decoder = decoder;
  }

  @Override
  public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
    DecodeResult<Span> result;
    try {
      result = decoder.decode(request);
    } catch (InvalidPayloadException e) {
      intake.refusedWhole(PROTOCOL, "invalid");
      observer.onError(status(Code.INVALID_ARGUMENT, e.getMessage(), false));
      return;
    }
    if (result.accepted().isEmpty() && result.rejected() > 0) {
      intake.refusedAll(PROTOCOL, result);
      observer.onError(status(Code.INVALID_ARGUMENT, result.errorMessage(), false));
      return;
    }
    try {
      intake.submit(PROTOCOL, result).whenComplete((ok, failure) -> {
        if (failure == null) {
          observer.onNext(OtlpTraceDecoder.response(result));
          observer.onCompleted();
        } else {
          observer.onError(status(Code.UNAVAILABLE, "storage write failed; retry: " + failure.getMessage(), true));
        }
      });
    } catch (QueueFullException e) {
      observer.onError(status(Code.UNAVAILABLE, e.getMessage(), true));
    }
  }

  static StatusRuntimeException status(Code code, String message, boolean retry) {
    com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (retry) {
      s.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Durations.fromSeconds(1)).build()));
    }
    return StatusProto.toStatusRuntimeException(s.build());
  }
}
