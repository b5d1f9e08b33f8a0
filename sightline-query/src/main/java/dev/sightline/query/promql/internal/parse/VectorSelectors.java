package dev.sightline.query.promql.internal.parse;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.parse.ParseErrors.Failure;
import dev.sightline.query.promql.internal.parse.Token.Kind;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * {@code name{label op "value", ...}}: label names may be keywords or quoted (UTF-8 names), and a bare
 * quoted string inside the braces is the metric name ({@code {"my.metric", job="x"}}).
 */
final class VectorSelectors {
  private VectorSelectors() {}

  static VectorSelector parse(PromqlParser p, String name, int pos) {
    List<LabelMatcher> matchers = new ArrayList<>();
    int end = p.peek().pos();
    String metricName = name;
    if (p.peek().is(Kind.LBRACE)) {
      p.next();
      while (!p.peek().is(Kind.RBRACE)) {
        Token label = p.next();
        if (!label.is(Kind.IDENT) && !label.is(Kind.STRING)) {
          throw p.unexpected(label, "label matching, expected label");
        }
        if (label.is(Kind.IDENT) && label.text().contains(":")) {
          throw p.unexpected(label, "label matching, expected label");
        }
        Token op = p.peek();
        if (label.is(Kind.STRING) && (op.is(Kind.COMMA) || op.is(Kind.RBRACE))) {
          if (metricName != null) {
            throw new Failure(label.pos(), "metric name must not be set twice: \"" + metricName
                + "\" or \"" + label.text() + "\"");
          }
          metricName = label.text();
        } else {
          p.next();
          LabelMatcher.Type type = switch (op.kind()) {
            case ASSIGN -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> throw p.unexpected(op, "label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"");
          };
          Token value = p.next();
          if (!value.is(Kind.STRING)) {
            throw p.unexpected(value, "label matching, expected string");
          }
          matchers.add(matcher(type, label.text(), value));
        }
        if (p.peek().is(Kind.COMMA)) {
          p.next();
        } else if (!p.peek().is(Kind.RBRACE)) {
          throw p.unexpected(p.peek(), "label matching, expected \",\" or \"}\"");
        }
      }
      end = p.next().end();
    }
    if (metricName != null) {
      for (LabelMatcher m : matchers) {
        if (m.name().equals(Labels.METRIC_NAME)) {
          throw new Failure(pos, "metric name must not be set twice: \"" + metricName + "\" or \"" + m.value() + "\"");
        }
      }
      matchers.add(0, LabelMatcher.equal(Labels.METRIC_NAME, metricName));
    }
    boolean anyNonEmpty = false;
    for (LabelMatcher m : matchers) {
      anyNonEmpty |= !m.matchesEmpty();
    }
    if (!anyNonEmpty && !p.lenientSelector()) {
      throw new Failure(pos, "vector selector must contain at least one non-empty matcher");
    }
    return new VectorSelector(metricName, List.copyOf(matchers), 0, null, pos, end);
  }

  private static LabelMatcher matcher(LabelMatcher.Type type, String name, Token value) {
    try {
      return LabelMatcher.of(type, name, value.text());
    } catch (PatternSyntaxException | StackOverflowError e) {
      throw new Failure(value.pos(), "invalid regular expression in label matcher: \"" + value.text() + "\"");
    }
  }
}
