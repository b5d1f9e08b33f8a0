package dev.sightline.server.receiver;

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
import dev.sightline.model.Span;
import dev.sightline.pipeline.QueueFullException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Zipkin v2 JSON at {@code POST /api/v2/spans}, answered as Zipkin's server does: 202 Accepted, 400
 * with a plain-text reason for bad data. Invalid spans in an otherwise good list are dropped and
 * counted (Zipkin's API has no partial-success field); the count is in the 202 body for humans.
 */
public final class ZipkinReceiver implements HttpService {
  private static final String PROTOCOL = "zipkin";
  private final Intake<Span> intake;
  private final Function<byte[], DecodeResult<Span>> decoder;
  private final IngestLimits limits;

  public ZipkinReceiver(Intake<Span> intake, Function<byte[], DecodeResult<Span>> decoder, IngestLimits limits) {
    this.intake = intake;
    this.decoder = decoder;
    this.limits = limits;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenCompose(agg -> {
      MediaType type = agg.contentType();
      if (type != null && !type.is(MediaType.JSON) && !type.is(MediaType.PLAIN_TEXT)) {
        intake.refusedWhole(PROTOCOL, "unsupported_media_type");
        return done(text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '" + type
            + "': Sightline's Zipkin endpoint takes JSON v2 (application/json)"));
      }
      DecodeResult<Span> result;
      try {
        byte[] body = Payloads.decode(agg.content().array(), agg.headers().get(HttpHeaderNames.CONTENT_ENCODING),
            limits);
        result = decoder.apply(body);
      } catch (PayloadTooLargeException e) {
        intake.refusedWhole(PROTOCOL, "too_large");
        return done(text(HttpStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage()));
      } catch (InvalidPayloadException e) {
        intake.refusedWhole(PROTOCOL, "invalid");
        return done(text(HttpStatus.BAD_REQUEST, e.getMessage()));
      }
      if (result.accepted().isEmpty() && result.rejected() > 0) {
        intake.refusedAll(PROTOCOL, result);
        return done(text(HttpStatus.BAD_REQUEST, result.errorMessage()));
      }
      try {
        return intake.submit(PROTOCOL, result).handle((ok, failure) -> failure == null
            ? text(HttpStatus.ACCEPTED, result.isPartial() ? result.errorMessage() : "")
            : retry(HttpStatus.SERVICE_UNAVAILABLE, "storage write failed; retry: " + failure.getMessage()));
      } catch (QueueFullException e) {
        return done(retry(e.shuttingDown() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS,
            e.getMessage()));
      }
    }));
  }

  private static HttpResponse text(HttpStatus status, String message) {
    return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message);
  }

  private static HttpResponse retry(HttpStatus status, String message) {
    return HttpResponse.of(ResponseHeaders.builder(status).add(HttpHeaderNames.RETRY_AFTER, "1")
        .contentType(MediaType.PLAIN_TEXT_UTF_8).build(), com.linecorp.armeria.common.HttpData.ofUtf8(message));
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
