package dev.sightline.query.promql.conformance;

import dev.sightline.model.metric.Labels;
import java.util.ArrayList;
import java.util.List;

/** A parsed Prometheus {@code .test} script: load, clear and eval commands in file order. */
record Script(String file, List<Command> commands) {
  sealed interface Command {
    int line();
  }

  /** One {@code <series> <values>} line; a null value is a step without a sample. */
  record SeriesLine(Labels labels, List<Double> values, boolean nativeHistogram) {}

  record Load(int line, long intervalMs, List<SeriesLine> series, boolean withNhcb) implements Command {}

  record Clear(int line) implements Command {}

  record Annotation(String kind, String msg, String regex) {}

  /** Expected outcome of one eval; fields are filled as the indented lines are read. */
  static final class Eval implements Command {
    final int line;
    final String expr;
    final boolean range;
    final long start;
    final long end;
    final long step;
    boolean fail;
    String failMsg;
    String failRegex;
    boolean ordered;
    boolean noWarn;
    boolean noInfo;
    final List<Annotation> annotations = new ArrayList<>();
    String expectString;
    long[] rangeVector;
    Double scalar;
    final List<SeriesLine> series = new ArrayList<>();

    Eval(int line, String expr, boolean range, long start, long end, long step) {
      this.line = line;
      this.expr = expr;
      this.range = range;
      this.start = start;
      this.end = end;
      this.step = step;
    }

    @Override
    public int line() {
      return line;
    }

    boolean usesNativeHistograms() {
      return series.stream().anyMatch(SeriesLine::nativeHistogram);
    }
  }
}
