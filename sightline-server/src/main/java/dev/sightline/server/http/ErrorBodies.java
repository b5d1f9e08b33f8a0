package dev.sightline.server.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Map;

/**
 * Errors Armeria raises before a service runs (a body over the size limit, a protocol violation) get
 * the same JSON shape as every API error and name the setting to change.
 */
public final class ErrorBodies implements ServerErrorHandler {
  private final long maxBodyBytes;

  public ErrorBodies(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  private String tooLarge() {
    return "request body larger than ingest.max_body_size (" + maxBodyBytes + " bytes); send smaller batches";
  }

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (cause instanceof ContentTooLargeException) {
      return Json.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
    }
    return null;
  }

  @Override
  public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
                                                    String description, Throwable cause) {
    return render(status, description, cause);
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                             HttpStatus status, String description, Throwable cause) {
    return render(status, description, cause);
  }

  private AggregatedHttpResponse render(HttpStatus status, String description, Throwable cause) {
    String message = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE || cause instanceof ContentTooLargeException
        ? tooLarge()
        : description != null ? description : status.reasonPhrase();
    return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8,
        Json.write(Map.of("error", message, "status", status.code())));
  }
}
