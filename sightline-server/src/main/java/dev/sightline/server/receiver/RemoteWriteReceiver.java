package dev.sightline.server.receiver;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.ingest.prometheus.RemoteWriteBatch;
import dev.sightline.ingest.prometheus.RemoteWriteDecoder;
import dev.sightline.ingest.prometheus.RemoteWriteStatus;
import dev.sightline.store.metrics.AppendResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus remote-write 1.0 at {@code POST /api/v1/write}: snappy-compressed protobuf. Answers as the
 * spec tells senders to read: 204 when everything was stored; 400 (not retried) for bad data —
 * malformed bodies, invalid series, out-of-order samples, samples over a cardinality limit — after
 * storing the valid rest, as Prometheus's own receiver does; 413 too large; 429/503 (retried) when
 * Sightline cannot take it now.
 */
public final class RemoteWriteReceiver implements HttpService {
  private static final String PROTOCOL = "remote_write";
  private final RemoteWriteDecoder decoder;
  private final MetricsIntake intake;

  public RemoteWriteReceiver(RemoteWriteDecoder decoder, MetricsIntake intake) {
    this.decoder = decoder;
    this.intake = intake;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> {
      String encoding = agg.headers().get(HttpHeaderNames.CONTENT_ENCODING);
      if (encoding != null && !encoding.equalsIgnoreCase("snappy")) {
        return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding '" + encoding
            + "': remote-write 1.0 bodies are snappy-compressed protobuf");
      }
      RemoteWriteBatch batch;
      try {
        batch = decoder.decode(agg.content().array());
      } catch (RuntimeException e) {
        RemoteWriteStatus s = RemoteWriteStatus.classify(e);
        return text(HttpStatus.valueOf(s.httpStatus()), e.getMessage());
      }
      intake.recordMetadata(batch.metadata());
      AppendResult stored;
      try {
        stored = intake.write(PROTOCOL, batch::forEachSample);
      } catch (MetricsIntake.BusyException e) {
        return retry(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
      } catch (Exception e) {
        return retry(HttpStatus.SERVICE_UNAVAILABLE, "storage write failed; retry: " + e.getMessage());
      }
      List<String> problems = new ArrayList<>();
      if (batch.hasRejections()) {
        problems.add(batch.errorMessage());
      }
      if (!stored.allAccepted()) {
        problems.addAll(stored.errors());
      }
      return problems.isEmpty() ? HttpResponse.of(HttpStatus.NO_CONTENT)
          : text(HttpStatus.BAD_REQUEST, String.join("; ", problems));
    }, ctx.blockingTaskExecutor()));
  }

  private static HttpResponse text(HttpStatus status, String message) {
    return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message);
  }

  private static HttpResponse retry(HttpStatus status, String message) {
    return HttpResponse.of(ResponseHeaders.builder(status).add(HttpHeaderNames.RETRY_AFTER, "1")
        .contentType(MediaType.PLAIN_TEXT_UTF_8).build(), com.linecorp.armeria.common.HttpData.ofUtf8(message));
  }
}
