package dev.sightline.server.ui;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import dev.sightline.server.SightlineServer;
import dev.sightline.server.receiver.LogReceivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The web UI: one page ({@code index.html}) for every UI route, plain ES modules and CSS under
 * {@code /ui/}, and JavaScript libraries from WebJars under {@code /ui/vendor/{name}/{version}/}. The browser routes with the history API, so a shared link such as
 * {@code /traces/4bf9…?range=1h} loads the shell and the shell draws that page.
 *
 * <p>Only the page routes below answer with the shell; nothing is a catch-all, so an unknown
 * {@code /api/...} path stays a 404 instead of turning into HTML a client cannot parse.
 *
 * <p>Two routes are shared with machines and negotiate on {@code Accept}: {@code GET /} (Elasticsearch
 * shippers read their version document there) and {@code GET /metrics} (Sightline's own Prometheus
 * metrics). A browser asks for {@code text/html} and gets the UI; everything else gets what it got before.
 */
public final class UiService {
  /** Exact UI routes; {@code /traces/{traceId}} and {@code /services/{service}} are added too. */
  public static final List<String> PAGES = List.of("/traces", "/logs", "/alerts", "/health", "/services");

  private static final String ENDPOINTS_MARK = "<!--sightline:endpoints-->";
  private final SightlineServer server;

  public UiService(SightlineServer server) {
    this.server = server;
  }

  /** Mounts the assets, the page routes, and the HTML side of {@code /} and {@code /metrics}. */
  public void bind(ServerBuilder sb) {
    String template = readTemplate();
    HttpService shell = (ctx, req) -> shell(template);

    // No build step fingerprints the file names, so assets revalidate (ETag, Last-Modified) on every use;
    // a 304 costs one round trip on loopback and an upgrade never leaves a stale module behind.
    sb.serviceUnder("/ui/", FileService.builder(UiService.class.getClassLoader(), "ui")
        .autoIndex(false)
        .cacheControl(ServerCacheControl.REVALIDATED)
        .build());
    // WebJars (uPlot): the version is in the path, so a file never changes under its URL.
    sb.serviceUnder("/ui/vendor/", FileService.builder(UiService.class.getClassLoader(), "META-INF/resources/webjars")
        .autoIndex(false)
        .cacheControl(ServerCacheControl.IMMUTABLE)
        .build());

    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/").build((ctx, req) ->
        wantsHtml(req) ? shell(template) : LogReceivers.elasticInfo());
    for (String page : PAGES) {
      sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path(page).build(shell);
    }
    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/traces/{traceId}").build(shell);
    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/services/{service}").build(shell);
    sb.routeDecorator().methods(HttpMethod.GET, HttpMethod.HEAD).path("/metrics")
        .build((delegate, ctx, req) -> wantsHtml(req) ? shell(template) : delegate.serve(ctx, req));
  }

  private HttpResponse shell(String template) {
    // Where to send data, for the landing page: the ports are only known once the listeners are up.
    String endpoints = "<script type=\"application/json\" id=\"sightline-endpoints\">"
        + "{\"otlpGrpcPort\":" + server.otlpGrpcPort()
        + ",\"otlpHttpPort\":" + server.otlpHttpPort()
        + ",\"zipkinPort\":" + server.zipkinPort() + "}</script>";
    ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
        .contentType(MediaType.HTML_UTF_8)
        .add(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .add(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
        .add(HttpHeaderNames.CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
        .build();
    return HttpResponse.of(headers, HttpData.ofUtf8(
        template.replace(ENDPOINTS_MARK, endpoints)));
  }

  static boolean wantsHtml(HttpRequest req) {
    String accept = req.headers().get(HttpHeaderNames.ACCEPT, "");
    return accept.contains("text/html");
  }

  private static String readTemplate() {
    try (InputStream in = UiService.class.getClassLoader().getResourceAsStream("ui/index.html")) {
      if (in == null) {
        throw new IllegalStateException("ui/index.html is missing from the classpath: the build lost the UI assets");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read ui/index.html", e);
    }
  }
}
