package dev.sightline.alerting.rules;

import java.util.List;

/** A rule file (or set of files) that cannot be loaded; {@link #errors()} lists every problem found. */
public final class RuleFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<RuleError> errors;

  public RuleFileException(List<RuleError> errors) {
    super(errors.isEmpty() ? "invalid rule file"
        : errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    this.errors = List.copyOf(errors);
  }

  public List<RuleError> errors() {
    return errors;
  }
}
