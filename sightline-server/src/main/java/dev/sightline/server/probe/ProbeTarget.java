package dev.sightline.server.probe;

import dev.sightline.model.metric.Labels;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** A validated probe: what to GET, how often, and the labels its samples carry. */
public record ProbeTarget(String name, ProbeKind kind, URI url, String instance, Duration period, Duration timeout,
                          int failureThreshold, int successThreshold, Duration initialDelay,
                          Map<String, String> labels) {

  /** The target of a config entry that {@link ProbeConfig#problems} accepted. */
  public static ProbeTarget of(ProbeConfig c) {
    URI url = URI.create(c.url());
    int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    return new ProbeTarget(c.name(), ProbeKind.parse(c.kind()), url, url.getHost() + ":" + port, c.period(),
        c.timeout(), c.failureThreshold(), c.successThreshold(), c.initialDelay(), c.labels());
  }

  /** {@code service/kind}: unique among targets (config validation enforces it). */
  public String key() {
    return name + "/" + kind.label();
  }

  /** The labels of this target's series named {@code metric}: configured labels, then service, kind, instance. */
  Labels labels(String metric) {
    Map<String, String> m = new TreeMap<>(labels);
    m.put(Labels.METRIC_NAME, metric);
    m.put("service", name);
    m.put("kind", kind.label());
    m.put("instance", instance);
    return Labels.ofMap(m);
  }
}
