package dev.sightline.server.probe;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.sightline.server.config.DurationText;

/**
 * One {@code probes:} entry of sightline.yaml: a service's health endpoint, probed as Kubernetes probes
 * are. Unset fields take Kubernetes's defaults except the period (10 s) and timeout (2 s):
 *
 * <pre>{@code
 * probes:
 *   - {name: inventory, url: http://inventory:8081/health/ready, kind: ready, period: 5s}
 *   - {name: inventory, url: http://inventory:8081/health/live, kind: live, failure_threshold: 5}
 * }</pre>
 */
public record ProbeConfig(String name, String url, String kind, Duration period, Duration timeout,
                          Integer failureThreshold, Integer successThreshold, Duration initialDelay,
                          Map<String, String> labels) {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> RESERVED = Set.of("service", "kind", "instance", "__name__");

  public ProbeConfig {
    kind = kind == null ? "ready" : kind;
    period = period == null ? Duration.ofSeconds(10) : period;
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    failureThreshold = failureThreshold == null ? 3 : failureThreshold;
    successThreshold = successThreshold == null ? 1 : successThreshold;
    initialDelay = initialDelay == null ? Duration.ZERO : initialDelay;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A probe with every default but name, URL and kind. */
  public static ProbeConfig of(String name, String url, ProbeKind kind) {
    return new ProbeConfig(name, url, kind.label(), null, null, null, null, null, null);
  }

  /** Problems in a {@code probes:} list, each naming its key ({@code probes[2].timeout: ...}); empty when usable. */
  public static List<String> problems(List<ProbeConfig> probes) {
    List<String> p = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < probes.size(); i++) {
      ProbeConfig c = probes.get(i);
      String key = "probes[" + i + "]";
      if (c == null) {
        p.add(key + ": expected a probe with name and url");
        continue;
      }
      if (c.name() == null || c.name().isBlank()) {
        p.add(key + ".name: expected the service's name");
      }
      if (!isHttpUrl(c.url())) {
        p.add(key + ".url: expected an http:// or https:// URL with a host, got '" + c.url() + "'");
      }
      try {
        ProbeKind.parse(c.kind());
      } catch (IllegalArgumentException e) {
        p.add(key + ".kind: " + e.getMessage());
      }
      if (!c.period().isPositive()) {
        p.add(key + ".period: expected a positive duration, got " + DurationText.format(c.period()));
      }
      if (!c.timeout().isPositive()) {
        p.add(key + ".timeout: expected a positive duration, got " + DurationText.format(c.timeout()));
      } else if (c.timeout().compareTo(c.period()) > 0) {
        p.add(key + ".timeout: " + DurationText.format(c.timeout()) + " is longer than period "
            + DurationText.format(c.period())
            + "; a probe must finish before the next one starts");
      }
      if (c.initialDelay().isNegative()) {
        p.add(key + ".initial_delay: expected zero or a positive duration, got "
            + DurationText.format(c.initialDelay()));
      }
      if (c.failureThreshold() < 1) {
        p.add(key + ".failure_threshold: expected at least 1, got " + c.failureThreshold());
      }
      if (c.successThreshold() < 1) {
        p.add(key + ".success_threshold: expected at least 1, got " + c.successThreshold());
      }
      c.labels().forEach((name, value) -> {
        if (!LABEL_NAME.matcher(name).matches()) {
          p.add(key + ".labels." + name + ": not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        } else if (RESERVED.contains(name)) {
          p.add(key + ".labels." + name + ": set by the prober itself; choose another name");
        }
      });
      if (c.name() != null && !seen.add(c.name() + "\u0000" + c.kind())) {
        p.add(key + ": service '" + c.name() + "' already has a " + c.kind() + " probe; name and kind must be unique");
      }
    }
    return p;
  }

  private static boolean isHttpUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI u = new URI(url);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null && !u.getHost().isEmpty();
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
