package dev.sightline.server.receiver;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.ingest.Payloads;
import dev.sightline.pipeline.QueueFullException;
import java.util.function.Function;

/**
 * OTLP/HTTP for one signal ({@code POST /v1/traces}, ...): protobuf or JSON bodies, gzip, and the
 * status codes the OTLP specification gives clients to act on — 200 with {@code partial_success} when
 * some records were invalid, 400 for a request that cannot be used (not retried), 413 too large, 415
 * unknown content type, 429 and 503 with {@code Retry-After} when Sightline cannot take it now.
 * Error bodies are a {@code google.rpc.Status}, protobuf or JSON to match the request.
 */
public final class OtlpHttpReceiver<T> implements HttpService {
  private static final String PROTOCOL = "otlp_http";
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");

  /** Decodes a body (already decompressed) of one content type into records. */
  public interface Codec<T> {
    DecodeResult<T> decodeProtobuf(byte[] body);

    DecodeResult<T> decodeJson(byte[] body);

    /** The OTLP {@code Export*ServiceResponse} for a result, partial success filled in. */
    Message response(DecodeResult<T> result);
  }

  private final Intake<T> intake;
  private final Codec<T> codec;
  private final IngestLimits limits;
  private final Function<Message, String> jsonPrinter;

  public OtlpHttpReceiver(Intake<T> intake, Codec<T> codec, IngestLimits limits,
                          Function<Message, String> jsonPrinter) {
    this.intake = intake;
    this.codec = codec;
    this.limits = limits;
    this.jsonPrinter = jsonPrinter;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenCompose(agg -> handle(agg)));
  }

  private java.util.concurrent.CompletableFuture<HttpResponse> handle(AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    boolean json = type != null && type.is(MediaType.JSON);
    boolean protobuf = type != null && (type.is(PROTOBUF) || type.is(MediaType.PROTOBUF));
    if (!json && !protobuf) {
      intake.refusedWhole(PROTOCOL, "unsupported_media_type");
      return done(error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, json, "unsupported content type '" + type
          + "': OTLP/HTTP takes application/x-protobuf or application/json"));
    }
    DecodeResult<T> result;
    try {
      byte[] body = Payloads.decode(req.content().array(),
          req.headers().get(HttpHeaderNames.CONTENT_ENCODING), limits);
      if (body.length == 0 && json) {
        throw new InvalidPayloadException("empty request body: expected an OTLP/JSON object");
      }
      result = json ? codec.decodeJson(body) : codec.decodeProtobuf(body);
    } catch (PayloadTooLargeException e) {
      intake.refusedWhole(PROTOCOL, "too_large");
      return done(error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, json, e.getMessage()));
    } catch (InvalidPayloadException e) {
      intake.refusedWhole(PROTOCOL, "invalid");
      return done(error(HttpStatus.BAD_REQUEST, json, e.getMessage()));
    }
    if (result.accepted().isEmpty() && result.rejected() > 0) {
      // Nothing usable: OTLP calls that a bad request (400, not retried), not a partial success.
      intake.refusedAll(PROTOCOL, result);
      return done(error(HttpStatus.BAD_REQUEST, json, result.errorMessage()));
    }
    try {
      return intake.submit(PROTOCOL, result).handle((ok, failure) -> failure == null
          ? success(codec.response(result), json)
          : retryLater(HttpStatus.SERVICE_UNAVAILABLE, json, "storage write failed; retry: " + failure.getMessage()));
    } catch (QueueFullException e) {
      return done(retryLater(e.shuttingDown() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS,
          json, e.getMessage()));
    }
  }

  private HttpResponse success(Message response, boolean json) {
    return json
        ? HttpResponse.of(HttpStatus.OK, MediaType.JSON, jsonPrinter.apply(response))
        : HttpResponse.of(HttpStatus.OK, PROTOBUF, response.toByteArray());
  }

  private HttpResponse error(HttpStatus status, boolean json, String message) {
    return RpcStatusBodies.response(ResponseHeaders.of(status), status, json, message);
  }

  private HttpResponse retryLater(HttpStatus status, boolean json, String message) {
    return RpcStatusBodies.response(ResponseHeaders.builder(status).add(HttpHeaderNames.RETRY_AFTER, "1").build(),
        status, json, message);
  }

  private static java.util.concurrent.CompletableFuture<HttpResponse> done(HttpResponse r) {
    return java.util.concurrent.CompletableFuture.completedFuture(r);
  }
}
