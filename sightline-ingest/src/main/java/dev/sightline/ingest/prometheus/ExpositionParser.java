package dev.sightline.ingest.prometheus;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.prometheus.internal.LineCursor;
import dev.sightline.model.metric.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses a scrape response in the Prometheus text format 0.0.4 or OpenMetrics 1.0 text.
 *
 * <p>Both: {@code # HELP} and {@code # TYPE} lines, sample lines {@code name{label="value",...} value
 * [timestamp]}, label values with the escapes {@code \\ \" \n}, values as floats including {@code NaN},
 * {@code +Inf} and {@code -Inf}. Prometheus text timestamps are integer milliseconds; OpenMetrics
 * timestamps are seconds (fractions allowed) and are converted to milliseconds. OpenMetrics adds
 * {@code # UNIT}, the types {@code gaugehistogram}, {@code stateset}, {@code info} and {@code unknown},
 * exemplars ({@code ... 1 # {trace_id="..."} 0.5 1700000000.123}), and requires a final {@code # EOF}
 * (a response without one was cut off and is refused, rather than stored half). {@code _created}
 * samples are kept as ordinary samples, their value being the creation time in seconds.
 *
 * <p>Checks beyond the grammar: a histogram's {@code _bucket} needs a numeric {@code le}, a summary's
 * quantile sample a numeric {@code quantile}, an OpenMetrics counter's samples end in {@code _total} or
 * {@code _created}, label names are unique, a family has one TYPE line that comes before its samples.
 * Any error fails the whole scrape with an {@link InvalidPayloadException} whose message starts with
 * {@code line N, column C:} and says what was expected; exceeding {@link ScrapeLimits} throws
 * {@link ScrapeLimitException}.
 *
 * <p>Thread-safe and stateless.
 */
public final class ExpositionParser {
  private static final String[] SUFFIXES = {"_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount", "_gsum"};

  private final ScrapeLimits limits;

  private ExpositionParser(ScrapeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public static ExpositionParser create(ScrapeLimits limits) {
    return new ExpositionParser(limits);
  }

  /** Parses a UTF-8 body. */
  public ScrapeResult parse(byte[] body, ExpositionFormat format) {
    return parse(new String(body, StandardCharsets.UTF_8), format);
  }

  public ScrapeResult parse(String text, ExpositionFormat format) {
    return new Run(format == ExpositionFormat.OPENMETRICS_TEXT).parse(text);
  }

  /** The state of one parse. */
  private final class Run {
    private final boolean om;
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> familiesWithSamples = new HashSet<>();
    private final List<ScrapedSample> samples = new ArrayList<>();

    Run(boolean om) {
      this.om = om;
    }

    ScrapeResult parse(String text) {
      boolean eof = false;
      int lineNumber = 0;
      int start = 0;
      while (start < text.length()) {
        int nl = text.indexOf('\n', start);
        int end = nl < 0 ? text.length() : nl;
        lineNumber++;
        if (end - start > limits.maxLineLength()) {
          throw new ScrapeLimitException("maxLineLength", "line " + lineNumber + " has " + (end - start)
              + " characters, exceeds maxLineLength = " + limits.maxLineLength());
        }
        String line = text.substring(start, end);
        start = end + 1;
        if (eof) {
          throw new InvalidPayloadException("line " + lineNumber + ": unexpected content after '# EOF'");
        }
        if (line.isEmpty() || (!om && line.isBlank())) {
          if (om) {
            throw new InvalidPayloadException("line " + lineNumber + ": empty line (not allowed in OpenMetrics)");
          }
          continue;
        }
        LineCursor c = new LineCursor(line, lineNumber);
        if (line.charAt(0) == '#') {
          eof = comment(c);
        } else {
          sample(c);
        }
      }
      if (om && !eof) {
        throw new InvalidPayloadException("line " + lineNumber
            + ": missing '# EOF' at the end (OpenMetrics requires it; the response was probably cut off)");
      }
      List<MetricMetadata> metadata = new ArrayList<>(families.size());
      for (Family f : families.values()) {
        metadata.add(new MetricMetadata(f.name, f.type, f.help, f.unit));
      }
      return new ScrapeResult(samples, metadata);
    }

    /** Returns true for {@code # EOF}. */
    private boolean comment(LineCursor c) {
      c.expect('#', "");
      boolean blank = c.skipBlanks();
      if (c.atEnd() && !om) {
        return false;
      }
      String keyword = c.token();
      if (om && blank && keyword.equals("EOF") && c.atEnd()) {
        return true;
      }
      boolean known = keyword.equals("HELP") || keyword.equals("TYPE") || (om && keyword.equals("UNIT"));
      if (!blank || !known) {
        if (om) {
          throw c.error("expected '# HELP', '# TYPE', '# UNIT' or '# EOF' (OpenMetrics allows no other comments)");
        }
        return false; // a plain comment in the Prometheus text format
      }
      if (!c.skipBlanks()) {
        throw c.error("expected a metric name after '# " + keyword + "'");
      }
      int nameAt = c.position();
      String name = c.metricName("a metric name after '# " + keyword + "'");
      boolean sep = c.skipBlanks();
      if (!c.atEnd() && !sep) {
        throw c.error("expected a space after the metric name in '# " + keyword + "'");
      }
      Family f = families.computeIfAbsent(name, Family::new);
      switch (keyword) {
        case "HELP" -> {
          if (f.helpSeen) {
            throw c.errorAt(nameAt, "second HELP line for metric family '" + name + "'");
          }
          f.helpSeen = true;
          f.help = unescapeHelp(c.rest());
        }
        case "UNIT" -> f.unit = c.rest().trim();
        default -> {
          if (f.typeLine > 0) {
            throw c.errorAt(nameAt, "second TYPE line for metric family '" + name + "' (first on line " + f.typeLine + ")");
          }
          if (familiesWithSamples.contains(name)) {
            throw c.errorAt(nameAt, "TYPE line for metric family '" + name + "' after its samples");
          }
          f.typeLine = c.lineNumber();
          f.type = type(c, c.token());
          c.skipBlanks();
          if (!c.atEnd()) {
            throw c.errorAt(c.position(), "expected end of line after the type, got '"
                + LineCursor.abbreviate(c.rest()) + "'");
          }
        }
      }
      return false;
    }

    private MetricType type(LineCursor c, String word) {
      MetricType t = switch (word) {
        case "counter" -> MetricType.COUNTER;
        case "gauge" -> MetricType.GAUGE;
        case "histogram" -> MetricType.HISTOGRAM;
        case "summary" -> MetricType.SUMMARY;
        case "untyped" -> om ? null : MetricType.UNKNOWN;
        case "unknown" -> om ? MetricType.UNKNOWN : null;
        case "gaugehistogram" -> om ? MetricType.GAUGE_HISTOGRAM : null;
        case "stateset" -> om ? MetricType.STATESET : null;
        case "info" -> om ? MetricType.INFO : null;
        default -> null;
      };
      if (t == null) {
        throw c.error("unknown metric type '" + LineCursor.abbreviate(word) + "' (expected "
            + (om ? "counter, gauge, histogram, gaugehistogram, summary, stateset, info or unknown"
                : "counter, gauge, histogram, summary or untyped") + ")");
      }
      return t;
    }

    private void sample(LineCursor c) {
      String name = c.metricName("a metric name at the start of a sample line");
      List<String> pairs = new ArrayList<>();
      if (c.tryConsume('{')) {
        labels(c, pairs);
      }
      if (!c.skipBlanks()) {
        throw c.error("expected a space and the sample value after '" + name + (pairs.isEmpty() ? "'" : "{...}'")
            + ", got " + (c.atEnd() ? "end of line" : "'" + c.peek() + "'"));
      }
      double value = c.value("sample value");
      long timestamp = ScrapedSample.NO_TIMESTAMP;
      Exemplar exemplar = null;
      if (c.skipBlanks() && !c.atEnd() && c.peek() != '#') {
        timestamp = timestamp(c, "timestamp");
        c.skipBlanks();
      }
      if (!c.atEnd() && c.peek() == '#') {
        if (!om) {
          throw c.error("expected end of line after the sample, got '#' (exemplars need OpenMetrics)");
        }
        exemplar = exemplar(c);
      }
      if (!c.atEnd()) {
        throw c.errorAt(c.position(), "expected end of line after the sample, got '"
            + LineCursor.abbreviate(c.rest()) + "'");
      }
      Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, name);
      for (int i = 0; i < pairs.size(); i += 2) {
        b.set(pairs.get(i), pairs.get(i + 1));
      }
      check(c, name, pairs);
      if (samples.size() >= limits.maxSamples()) {
        throw new ScrapeLimitException("maxSamples", "line " + c.lineNumber() + ": scrape has more than "
            + limits.maxSamples() + " samples (maxSamples)");
      }
      samples.add(new ScrapedSample(b.build(), value, timestamp, exemplar));
    }

    private void labels(LineCursor c, List<String> pairs) {
      while (true) {
        c.skipBlanks();
        if (c.tryConsume('}')) {
          return;
        }
        int at = c.position();
        String label = c.labelName("a label name or '}'");
        if (label.equals(Labels.METRIC_NAME)) {
          throw c.errorAt(at, "label '__name__' is not allowed in braces");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
          if (pairs.get(i).equals(label)) {
            throw c.errorAt(at, "duplicate label '" + label + "'");
          }
        }
        if (pairs.size() / 2 >= limits.maxLabelsPerSeries()) {
          throw new ScrapeLimitException("maxLabelsPerSeries", "line " + c.lineNumber() + ": more than "
              + limits.maxLabelsPerSeries() + " labels (maxLabelsPerSeries)");
        }
        c.skipBlanks();
        c.expect('=', "after label name '" + label + "'");
        c.skipBlanks();
        pairs.add(label);
        pairs.add(c.quoted(label, limits.maxLabelValueLength()));
        c.skipBlanks();
        if (!c.tryConsume(',')) {
          c.expect('}', "or ',' after the value of label '" + label + "'");
          return;
        }
      }
    }

    private long timestamp(LineCursor c, String what) {
      if (om) {
        double seconds = c.value(what);
        if (!Double.isFinite(seconds)) {
          throw c.error(what + " must be finite, got " + seconds);
        }
        return Math.round(seconds * 1000.0);
      }
      int at = c.position();
      String t = c.token();
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw c.errorAt(at, "invalid " + what + " '" + LineCursor.abbreviate(t)
            + "' (expected integer milliseconds or end of line)");
      }
    }

    private Exemplar exemplar(LineCursor c) {
      c.expect('#', "");
      if (!c.skipBlanks()) {
        throw c.error("expected a space after '#' before the exemplar");
      }
      c.expect('{', "to open the exemplar's labels");
      List<String> pairs = new ArrayList<>();
      labels(c, pairs);
      if (!c.skipBlanks()) {
        throw c.error("expected a space and the exemplar value after its labels");
      }
      double value = c.value("exemplar value");
      long ts = Exemplar.NO_TIMESTAMP;
      if (c.skipBlanks() && !c.atEnd()) {
        ts = timestamp(c, "exemplar timestamp");
        c.skipBlanks();
      }
      Labels.Builder b = Labels.builder();
      for (int i = 0; i < pairs.size(); i += 2) {
        b.set(pairs.get(i), pairs.get(i + 1));
      }
      return new Exemplar(b.build(), value, ts);
    }

    /** Type-specific rules: le on buckets, quantile on summaries, counter suffixes in OpenMetrics. */
    private void check(LineCursor c, String name, List<String> pairs) {
      familiesWithSamples.add(name);
      Family f = families.get(name);
      String suffix = "";
      if (f == null || f.typeLine == 0) {
        for (String s : SUFFIXES) {
          if (name.endsWith(s) && name.length() > s.length()) {
            Family g = families.get(name.substring(0, name.length() - s.length()));
            if (g != null && g.typeLine > 0) {
              f = g;
              suffix = s;
              break;
            }
          }
        }
      }
      if (f == null) {
        return;
      }
      familiesWithSamples.add(f.name);
      switch (f.type) {
        case HISTOGRAM, GAUGE_HISTOGRAM -> {
          if (suffix.equals("_bucket")) {
            numericLabel(c, name, pairs, "le", "histogram bucket");
          }
        }
        case SUMMARY -> {
          if (suffix.isEmpty()) {
            numericLabel(c, name, pairs, "quantile", "summary quantile sample");
          }
        }
        case COUNTER -> {
          if (om && !suffix.equals("_total") && !suffix.equals("_created")) {
            throw c.error("sample '" + name + "' of OpenMetrics counter '" + f.name + "' must be named "
                + f.name + "_total or " + f.name + "_created");
          }
        }
        default -> { }
      }
    }

    private void numericLabel(LineCursor c, String name, List<String> pairs, String label, String what) {
      for (int i = 0; i < pairs.size(); i += 2) {
        if (pairs.get(i).equals(label)) {
          if (LineCursor.parseFloat(pairs.get(i + 1)) == null) {
            throw c.error(what + " '" + name + "' has a non-numeric " + label + "=\""
                + LineCursor.abbreviate(pairs.get(i + 1)) + "\"");
          }
          return;
        }
      }
      throw c.error(what + " '" + name + "' has no '" + label + "' label");
    }
  }

  private static String unescapeHelp(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        if (e == '\\' || e == 'n' || e == '"') {
          sb.append(e == 'n' ? '\n' : e);
          i++;
          continue;
        }
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  /** A metric family's metadata as the parse goes. */
  private static final class Family {
    final String name;
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    String unit = "";
    boolean helpSeen;
    int typeLine;

    Family(String name) {
      this.name = name;
    }
  }
}
