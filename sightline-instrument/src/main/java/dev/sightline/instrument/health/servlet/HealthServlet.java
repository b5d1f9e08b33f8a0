package dev.sightline.instrument.health.servlet;

import dev.sightline.instrument.health.HealthRegistry;
import dev.sightline.instrument.health.internal.ProbeResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves a {@link HealthRegistry} from a Jakarta Servlet container. Map it to {@code /health/*}; it
 * answers {@code /health/live}, {@code /health/ready} and {@code /health/started} exactly as
 * {@link dev.sightline.instrument.health.httpserver.HealthHttpHandler} does.
 *
 * <pre>{@code
 * ServletRegistration.Dynamic reg = ctx.addServlet("health", new HealthServlet(health));
 * reg.addMapping("/health/*");
 * }</pre>
 *
 * <p>Containers that create servlets themselves ({@code web.xml}, {@code @WebServlet}) use the no-arg
 * constructor; the registry is then read from the servlet context attribute {@link #REGISTRY_ATTRIBUTE},
 * set by the application at startup (for example in a {@code ServletContextListener}).
 *
 * <p>The Servlet API is an optional dependency of this library: the container provides it.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The servlet context attribute holding the {@link HealthRegistry} for the no-arg constructor. */
  public static final String REGISTRY_ATTRIBUTE = HealthRegistry.class.getName();

  // Servlets are Serializable by inheritance; the registry is not, and a health servlet is never
  // meant to be serialized.
  private transient volatile HealthRegistry registry;

  /** For containers that instantiate the servlet: the registry comes from {@link #REGISTRY_ATTRIBUTE}. */
  public HealthServlet() {}

  public HealthServlet(HealthRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void init() throws ServletException {
    if (registry == null) {
      Object attribute = getServletContext().getAttribute(REGISTRY_ATTRIBUTE);
      if (!(attribute instanceof HealthRegistry r)) {
        throw new ServletException("HealthServlet needs a HealthRegistry in servlet context attribute '"
            + REGISTRY_ATTRIBUTE + "', found " + (attribute == null ? "none" : attribute.getClass().getName()));
      }
      registry = r;
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (registry == null) {
      resp.sendError(503, "HealthServlet was not initialised with a HealthRegistry");
      return;
    }
    String segment = probeSegment(req.getPathInfo());
    ProbeResponse response = ProbeResponse.answer(registry, req.getMethod(), segment);
    resp.setStatus(response.status());
    resp.setContentType(response.contentType());
    resp.setHeader("Cache-Control", "no-store");
    if (response.allow() != null) {
      resp.setHeader("Allow", response.allow());
    }
    if (!"HEAD".equals(req.getMethod())) {
      resp.setContentLength(response.body().length);
      resp.getOutputStream().write(response.body());
    }
  }

  /** "ready" for path info "/ready"; null for anything else. */
  static String probeSegment(String pathInfo) {
    if (pathInfo == null || !pathInfo.startsWith("/")) {
      return null;
    }
    String rest = pathInfo.substring(1);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest.isEmpty() || rest.indexOf('/') >= 0 ? null : rest;
  }
}
