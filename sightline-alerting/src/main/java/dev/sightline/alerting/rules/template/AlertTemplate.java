package dev.sightline.alerting.rules.template;

import dev.sightline.alerting.rules.template.internal.Executor;
import dev.sightline.alerting.rules.template.internal.Functions;
import dev.sightline.alerting.rules.template.internal.Node;
import dev.sightline.alerting.rules.template.internal.TemplateParser;
import java.util.List;

/**
 * A label or annotation template of a Prometheus rule: Go text/template syntax with Prometheus's
 * functions. Parse once, execute per alert:
 *
 * <pre>{@code
 * AlertTemplate t = AlertTemplate.parse("__alert_HighLatency",
 *     "{{ $labels.job }}: p99 is {{ humanizeDuration $value }}");
 * String s = t.execute(TemplateContext.of(Map.of("job", "api"), 2.5));   // "api: p99 is 2.5s"
 * }</pre>
 *
 * Supported: {@code $labels}, {@code $value}, {@code $externalLabels}, {@code $externalURL}, {@code .Labels},
 * {@code .Value}, {@code $}, variables, pipelines, parentheses, if/else if/else, with, range (over query
 * results, lists and maps), comparison and logic builtins, printf/print/println/len/index/html/js/urlquery,
 * and Prometheus's query, first, label, value, strvalue, sortByLabel, humanize*, toUpper/toLower/title,
 * match, reReplaceAll, stripPort, stripDomain, parseDuration, toTime, args, safeHtml, externalURL,
 * pathPrefix. Not supported: define/template/block.
 */
public final class AlertTemplate {
  /** The variables Prometheus defines ahead of every rule template. */
  public static final List<String> PREDEFINED = List.of("$labels", "$externalLabels", "$externalURL", "$value");

  private final String name;
  private final List<Node> nodes;

  private AlertTemplate(String name, List<Node> nodes) {
    this.name = name;
    this.nodes = nodes;
  }

  /** Throws with Go's wording, e.g. {@code template: __alert_X:1: undefined variable "$label"}. */
  public static AlertTemplate parse(String name, String text) throws TemplateException {
    return new AlertTemplate(name, TemplateParser.parse(name, text, Functions.NAMES, PREDEFINED));
  }

  public String name() {
    return name;
  }

  /** Renders; throws with Go's wording when execution fails (bad field, failed query, ...). */
  public String execute(TemplateContext ctx) throws TemplateException {
    return new Executor(name, ctx).run(nodes);
  }

  /**
   * Renders as Prometheus does for alerts: a template that fails yields
   * {@code <error expanding template: ...>} instead of failing the rule.
   */
  public String expand(TemplateContext ctx) {
    try {
      return execute(ctx);
    } catch (TemplateException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }

  /** Parses and renders in one step, with Prometheus's error text on any failure. */
  public static String expand(String name, String text, TemplateContext ctx) {
    try {
      return parse(name, text).expand(ctx);
    } catch (TemplateException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }
}
