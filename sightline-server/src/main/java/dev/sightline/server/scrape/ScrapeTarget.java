package dev.sightline.server.scrape;

import dev.sightline.model.metric.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target after relabelling: the URL to scrape and the labels ({@code job}, {@code instance}, static
 * labels) every scraped series receives. Built as Prometheus builds targets: {@code __address__},
 * {@code __scheme__}, {@code __metrics_path__}, {@code __param_*} and {@code job} feed
 * {@code relabel_configs}; {@code instance} defaults to the address; {@code __}-prefixed labels are
 * dropped afterwards.
 */
public record ScrapeTarget(String job, URI url, Labels labels, Duration interval, Duration timeout) {

  /** The targets of one scrape config, or the reason one is unusable. */
  static List<ScrapeTarget> of(ScrapeConfig c, Duration interval, Duration timeout) {
    Relabeler relabel = Relabeler.of(c.relabelConfigs(), c.jobName() + ".relabel_configs");
    List<ScrapeTarget> out = new ArrayList<>();
    for (ScrapeConfig.StaticConfig sc : c.staticConfigs()) {
      for (String address : sc.targets()) {
        Labels.Builder b = Labels.builder()
            .set("__address__", address)
            .set("__scheme__", c.scheme())
            .set("__metrics_path__", c.metricsPath())
            .set("__scrape_interval__", dev.sightline.server.config.DurationText.format(interval))
            .set("__scrape_timeout__", dev.sightline.server.config.DurationText.format(timeout))
            .set("job", c.jobName());
        for (Map.Entry<String, List<String>> p : c.params().entrySet()) {
          if (!p.getValue().isEmpty()) {
            b.set("__param_" + p.getKey(), p.getValue().get(0));
          }
        }
        sc.labels().forEach(b::set);
        Labels relabelled = relabel.apply(b.build());
        if (relabelled == null) {
          continue;
        }
        String addr = relabelled.get("__address__");
        if (addr == null || addr.isEmpty()) {
          continue;
        }
        Labels.Builder finalLabels = relabelled.toBuilder();
        if (relabelled.get("instance") == null) {
          finalLabels.set("instance", addr);
        }
        StringBuilder query = new StringBuilder();
        for (String name : relabelled.names()) {
          if (name.startsWith("__param_")) {
            query.append(query.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(name.substring(8), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(relabelled.get(name), StandardCharsets.UTF_8));
          }
        }
        for (String name : relabelled.names()) {
          if (name.startsWith("__")) {
            finalLabels.remove(name);
          }
        }
        String scheme = relabelled.get("__scheme__");
        String path = relabelled.get("__metrics_path__");
        URI url = URI.create((scheme == null ? "http" : scheme) + "://" + addr + (path == null ? "/metrics" : path)
            + query);
        out.add(new ScrapeTarget(c.jobName(), url, finalLabels.build(), interval, timeout));
      }
    }
    return out;
  }
}
