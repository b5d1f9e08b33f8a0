package dev.sightline.model;

/** The entity that produced telemetry (a service instance), described by its attributes. */
public record Resource(Attributes attributes) {
  public static final String SERVICE_NAME = "service.name";
  public static final String UNKNOWN_SERVICE = "unknown_service";
  private static final Resource EMPTY = new Resource(Attributes.empty());

  public Resource {
    java.util.Objects.requireNonNull(attributes, "attributes");
  }

  public static Resource empty() {
    return EMPTY;
  }

  public static Resource ofService(String serviceName) {
    return new Resource(Attributes.of(SERVICE_NAME, serviceName));
  }

  /** {@code service.name}, or {@value #UNKNOWN_SERVICE} as the OpenTelemetry SDKs default it. */
  public String serviceName() {
    String s = attributes.getString(SERVICE_NAME);
    return s == null || s.isEmpty() ? UNKNOWN_SERVICE : s;
  }
}
