package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** {@code GET /metrics}: Sightline's own metrics in the Prometheus text format 0.0.4. */
public final class MetricsApi {
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsApi(PrometheusRegistry registry) {
    this.registry = registry;
  }

  public void bind(ServerBuilder sb) {
    sb.service("/metrics", (ctx, req) -> HttpResponse.of(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
      try {
        writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.DEFAULT);
      } catch (IOException e) {
        return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, e.toString());
      }
      return HttpResponse.of(HttpStatus.OK, MediaType.parse(PrometheusTextFormatWriter.CONTENT_TYPE),
          HttpData.wrap(out.toByteArray()));
    }, ctx.blockingTaskExecutor()));
  }
}
