package dev.sightline.alerting.rules.unittest;

import dev.sightline.model.metric.Labels;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** How promtool prints things in its failure messages: Go durations, label sets, %E floats. */
final class GoText {
  private GoText() {}

  /** Go's time.Duration.String for milliseconds: {@code 0s}, {@code 4m0s}, {@code 24h0m0s}, {@code 2m59.999s}. */
  static String duration(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (ms < 0) {
      b.append('-');
      ms = -ms;
    }
    if (ms < 1000) {
      return b.append(ms).append("ms").toString();
    }
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long frac = ms % 1000;
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    b.append(s);
    if (frac > 0) {
      b.append('.').append(String.format("%03d", frac).replaceAll("0+$", ""));
    }
    return b.append('s').toString();
  }

  /** Go's labels.Labels.String: {@code {__name__="up", job="a"}}. */
  static String labels(Labels l) {
    return labels(l.asMap());
  }

  static String labels(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (var e : new TreeMap<>(m).entrySet()) {
      b.append(first ? "" : ", ").append(e.getKey()).append('=')
          .append(dev.sightline.alerting.rules.template.internal.GoFormat.quote(e.getValue()));
      first = false;
    }
    return b.append('}').toString();
  }

  /** strconv.FormatFloat(v, 'E', -1, 64). */
  static String floatE(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0E+00";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String d = bd.unscaledValue().toString();
    int exp = d.length() - bd.scale() - 1;
    StringBuilder b = new StringBuilder(v < 0 ? "-" : "").append(d.charAt(0));
    if (d.length() > 1) {
      b.append('.').append(d, 1, d.length());
    }
    b.append('E').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) {
      b.append('0');
    }
    return b.append(Math.abs(exp)).toString();
  }

  static String indent(String s, String prefix) {
    return s.replace("\n", "\n" + prefix);
  }
}
