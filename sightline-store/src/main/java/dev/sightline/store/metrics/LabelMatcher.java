package dev.sightline.store.metrics;

import dev.sightline.model.metric.Labels;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Prometheus label matcher: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regular expressions are
 * fully anchored, as in Prometheus ({@code job=~"api|web"} matches "api" but not "api2"). A label that
 * is absent has the value "" for matching purposes, so {@code foo=""} selects series without foo.
 */
public final class LabelMatcher {
  public enum Type {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String symbol;

    Type(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(Type type, String name, String value) {
    this.type = Objects.requireNonNull(type);
    this.name = Objects.requireNonNull(name);
    this.value = Objects.requireNonNull(value);
    this.pattern = type == Type.REGEX || type == Type.NOT_REGEX
        ? Pattern.compile("(?s:" + value + ")") : null;
  }

  /** Throws {@link java.util.regex.PatternSyntaxException} for an invalid regular expression. */
  public static LabelMatcher of(Type type, String name, String value) {
    return new LabelMatcher(type, name, value);
  }

  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(Type.EQUAL, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public boolean matches(String labelValue) {
    String v = labelValue == null ? "" : labelValue;
    return switch (type) {
      case EQUAL -> v.equals(value);
      case NOT_EQUAL -> !v.equals(value);
      case REGEX -> pattern.matcher(v).matches();
      case NOT_REGEX -> !pattern.matcher(v).matches();
    };
  }

  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  /** True when the matcher selects series that lack the label ({@code foo=""}, {@code foo!~".+"}). */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  @Override
  public String toString() {
    return name + type.symbol + '"' + value + '"';
  }
}
