package dev.sightline.alerting.rules.template;

/** A template that does not parse, or that failed while executing; the message says where and why. */
public final class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }
}
