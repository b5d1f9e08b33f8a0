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
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.ingest.Payloads;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * OTLP/HTTP for one signal ({@code POST /v1/traces}, {@code /v1/logs}, {@code /v1/metrics}): protobuf or
 * JSON bodies, gzip, and the status codes the OTLP specification gives clients to act on — 200 with
 * {@code partial_success} when some records were invalid, 400 for a request with nothing usable (not
 * retried), 413 too large, 415 unknown content type, 429 and 503 with {@code Retry-After} when
 * Sightline cannot take it now. Error bodies are a {@code google.rpc.Status}, protobuf or JSON to match
 * the request.
 */
public final class OtlpHttpReceiver<R> implements HttpService {
  private static final String PROTOCOL = "otlp_http";
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");

  /** Sightline cannot take the request now; the client should retry. */
  public static final class RetryLaterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unavailable;

    public RetryLaterException(String message, boolean unavailable) {
      super(message, null, false, false);
      this.unavailable = unavailable;
    }

    /** 503 (shutting down, storage failing) rather than 429 (busy). */
    public boolean unavailable() {
      return unavailable;
    }
  }

  /** What one signal does with a request body: decode it, judge it, store it. */
  public interface Target<R> {
    R decodeProtobuf(byte[] body);

    R decodeJson(byte[] body);

    /** Null when something in the request can be stored; otherwise why nothing can (answered 400). */
    String unusable(R decoded);

    /**
     * Stores what is usable; completes with the OTLP {@code Export*ServiceResponse} (partial success
     * filled in) once it is durable, or exceptionally when storage failed (answered 503).
     */
    CompletableFuture<Message> store(R decoded) throws RetryLaterException;

    /** Counts a request refused before it could be stored, by reason. */
    void refused(String reason);
  }

  private final Target<R> target;
  private final IngestLimits limits;
  private final Function<Message, String> jsonPrinter;

  public OtlpHttpReceiver(Target<R> target, IngestLimits limits, Function<Message, String> jsonPrinter) {
    this.target = target;
    this.limits = limits;
    this.jsonPrinter = jsonPrinter;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenComposeAsync(this::handle, ctx.blockingTaskExecutor()));
  }

  private CompletableFuture<HttpResponse> handle(AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    boolean json = type != null && type.is(MediaType.JSON);
    boolean protobuf = type != null && (type.is(PROTOBUF) || type.is(MediaType.PROTOBUF));
    if (!json && !protobuf) {
      target.refused("unsupported_media_type");
      return done(error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, false, "unsupported content type '" + type
          + "': OTLP/HTTP takes application/x-protobuf or application/json"));
    }
    R decoded;
    try {
      byte[] body = Payloads.decode(req.content().array(), req.headers().get(HttpHeaderNames.CONTENT_ENCODING),
          limits);
      if (body.length == 0 && json) {
        throw new InvalidPayloadException("empty request body: expected an OTLP/JSON object");
      }
      decoded = json ? target.decodeJson(body) : target.decodeProtobuf(body);
    } catch (PayloadTooLargeException e) {
      target.refused("too_large");
      return done(error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, json, e.getMessage()));
    } catch (InvalidPayloadException e) {
      target.refused("invalid");
      return done(error(HttpStatus.BAD_REQUEST, json, e.getMessage()));
    }
    String unusable = target.unusable(decoded);
    if (unusable != null) {
      return done(error(HttpStatus.BAD_REQUEST, json, unusable));
    }
    try {
      return target.store(decoded).handle((response, failure) -> failure == null
          ? success(response, json)
          : retryLater(HttpStatus.SERVICE_UNAVAILABLE, json, "storage write failed; retry: " + failure.getMessage()));
    } catch (RetryLaterException e) {
      return done(retryLater(e.unavailable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS,
          json, e.getMessage()));
    }
  }

  private HttpResponse success(Message response, boolean json) {
    return json
        ? HttpResponse.of(HttpStatus.OK, MediaType.JSON, jsonPrinter.apply(response))
        : HttpResponse.of(HttpStatus.OK, PROTOBUF, response.toByteArray());
  }

  private static HttpResponse error(HttpStatus status, boolean json, String message) {
    return RpcStatusBodies.response(ResponseHeaders.of(status), status, json, message);
  }

  private static HttpResponse retryLater(HttpStatus status, boolean json, String message) {
    return RpcStatusBodies.response(ResponseHeaders.builder(status).add(HttpHeaderNames.RETRY_AFTER, "1").build(),
        status, json, message);
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  /** Counts under the OTLP/HTTP protocol label. */
  static String protocol() {
    return PROTOCOL;
  }
}
