package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.server.SightlineServer;

/**
 * {@code GET /}: until the web UI lands, a plain page listing where each receiver and API is, so a
 * person who opens the printed URL learns what to do next. A client that does not ask for HTML gets
 * Elasticsearch's version document instead, which Elasticsearch shippers read before sending.
 */
public final class RootPage {
  private final SightlineServer server;

  public RootPage(SightlineServer server) {
    this.server = server;
  }

  public void bind(ServerBuilder sb) {
    sb.service("/", (ctx, req) -> {
      String accept = req.headers().get(com.linecorp.armeria.common.HttpHeaderNames.ACCEPT, "");
      if (!accept.contains("text/html")) {
        // Browsers ask for HTML; Elasticsearch clients (Filebeat, Vector) read the version here before _bulk.
        return dev.sightline.server.receiver.LogReceivers.elasticInfo();
      }
      String html = """
          <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sightline</title>
          <meta name="viewport" content="width=device-width, initial-scale=1"></head>
          <body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto">
          <h1>Sightline</h1>
          <p>Send traces with OpenTelemetry (OTLP/gRPC on port %d, OTLP/HTTP on port %d) or Zipkin
          (port %d), then read them back:</p>
          <ul>
          <li><a href="/api/services">/api/services</a> — services that sent spans</li>
          <li><a href="/api/traces?limit=20">/api/traces</a> — trace search
              (service, operation, minDuration, maxDuration, start, end, tags, limit)</li>
          <li>/api/traces/{traceId} — one trace, every span</li>
          <li><a href="/health/ready">/health/ready</a> and <a href="/health/live">/health/live</a></li>
          <li><a href="/metrics">/metrics</a> — Sightline's own metrics</li>
          </ul></body></html>
          """.formatted(server.otlpGrpcPort(), server.otlpHttpPort(), server.zipkinPort());
      return HttpResponse.of(HttpStatus.OK, MediaType.HTML_UTF_8, html);
    });
  }
}
