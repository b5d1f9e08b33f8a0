package dev.sightline.server.probe;

import java.util.Locale;

/** What a probe asks, as Kubernetes names it: is the process alive, ready for traffic, done starting. */
public enum ProbeKind {
  LIVE, READY, STARTED;

  /** The label value and config spelling: {@code live}, {@code ready}, {@code started}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind spelled {@code text}; throws naming the allowed values otherwise. */
  public static ProbeKind parse(String text) {
    for (ProbeKind k : values()) {
      if (k.label().equals(text)) {
        return k;
      }
    }
    throw new IllegalArgumentException("expected live, ready or started, got '" + text + "'");
  }
}
