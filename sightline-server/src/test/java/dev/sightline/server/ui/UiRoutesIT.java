package dev.sightline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.SightlineExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UI's HTTP side without a browser: page routes, assets, caching, and what must not become HTML. */
class UiRoutesIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sightline.httpUri(path))).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyPageRouteServesTheShell() throws Exception {
    for (String path : new String[] {"/", "/traces", "/traces/5eed00000000000000000000c0ffee01", "/services/checkout",
        "/logs?query=abc", "/metrics?query=up", "/alerts", "/health", "/traces?service=a&range=6h"}) {
      HttpResponse<String> r = get(path, "text/html,application/xhtml+xml,*/*;q=0.8");
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).as(path).startsWith("text/html");
      assertThat(r.headers().firstValue("cache-control").orElse("")).as(path).isEqualTo("no-cache");
      assertThat(r.body()).as(path).contains("<script type=\"module\" src=\"/ui/js/app.js\">")
          .contains("\"zipkinPort\":" + sightline.server().zipkinPort());
    }
  }

  @Test
  void machinesKeepTheirAnswersOnSharedRoutes() throws Exception {
    HttpResponse<String> root = get("/", "application/json");
    assertThat(root.body()).contains("\"tagline\"").doesNotContain("<html");
    HttpResponse<String> metrics = get("/metrics", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(metrics.headers().firstValue("content-type").orElse("")).doesNotStartWith("text/html");
    assertThat(metrics.body()).doesNotContain("<html");
  }

  @Test
  void unknownApiPathsAreNotTheShell() throws Exception {
    for (String path : new String[] {"/api/nope", "/api/traces/abc/nope", "/ui/missing.js", "/tracesx", "/traces/a/b"}) {
      HttpResponse<String> r = get(path, "text/html");
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("/ui/js/app.js");
    }
  }

  @Test
  void assetsHaveTheirTypesAndRevalidate() throws Exception {
    HttpResponse<String> js = get("/ui/js/app.js", null);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-type").orElse("")).contains("javascript");
    String cache = js.headers().firstValue("cache-control").orElse("");
    assertThat(cache).contains("no-cache");
    String etag = js.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(sightline.httpUri("/ui/js/app.js")))
        .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(get("/ui/app.css", null).headers().firstValue("content-type").orElse("")).startsWith("text/css");
    assertThat(get("/ui/js/pages/trace.js", null).statusCode()).isEqualTo(200);
  }
}
