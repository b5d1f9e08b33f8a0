package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;

/** Labels in Prometheus's error-message notation: {@code {__name__="up", job="api"}}. */
final class LabelText {
  private LabelText() {}

  static String of(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append("=\"").append(l.value(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return sb.append('}').toString();
  }
}
