package dev.sightline.instrument.health.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.instrument.health.HealthRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The servlet against minimal request/response stand-ins (no container needed to test the mapping). */
class HealthServletTest {

  /** What the servlet wrote. */
  static final class Recorded {
    int status = 200;
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    String body() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  private static Recorded call(HealthServlet servlet, String method, String pathInfo) throws Exception {
    Recorded rec = new Recorded();
    HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(HealthServletTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getPathInfo" -> pathInfo;
          default -> throw new UnsupportedOperationException(m.getName());
        });
    ServletOutputStream out = new ServletOutputStream() {
      @Override public boolean isReady() { return true; }
      @Override public void setWriteListener(WriteListener l) {}
      @Override public void write(int b) { rec.body.write(b); }
    };
    HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(HealthServletTest.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
          switch (m.getName()) {
            case "setStatus" -> rec.status = (Integer) args[0];
            case "setContentType" -> rec.headers.put("Content-Type", (String) args[0]);
            case "setHeader" -> rec.headers.put((String) args[0], (String) args[1]);
            case "setContentLength" -> rec.headers.put("Content-Length", String.valueOf(args[0]));
            case "getOutputStream" -> { return out; }
            default -> throw new UnsupportedOperationException(m.getName());
          }
          return null;
        });
    servlet.service(req, resp);
    return rec;
  }

  private static jakarta.servlet.ServletConfig configWith(Object registryAttribute) {
    jakarta.servlet.ServletContext ctx = (jakarta.servlet.ServletContext) Proxy.newProxyInstance(
        HealthServletTest.class.getClassLoader(), new Class<?>[] {jakarta.servlet.ServletContext.class},
        (p, m, args) -> {
          if (m.getName().equals("getAttribute")) {
            return HealthServlet.REGISTRY_ATTRIBUTE.equals(args[0]) ? registryAttribute : null;
          }
          if (m.getName().equals("log")) {
            return null;
          }
          throw new UnsupportedOperationException(m.getName());
        });
    return (jakarta.servlet.ServletConfig) Proxy.newProxyInstance(HealthServletTest.class.getClassLoader(),
        new Class<?>[] {jakarta.servlet.ServletConfig.class}, (p, m, args) -> switch (m.getName()) {
          case "getServletContext" -> ctx;
          case "getServletName" -> "health";
          case "getInitParameterNames" -> java.util.Collections.emptyEnumeration();
          case "getInitParameter" -> null;
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  @Test
  void containerCreatedServletTakesTheRegistryFromTheContext() throws Exception {
    try (HealthRegistry health = HealthRegistry.builder().build()) {
      HealthServlet servlet = new HealthServlet();
      servlet.init(configWith(health));
      assertThat(call(servlet, "GET", "/live").status).isEqualTo(200);

      HealthServlet misconfigured = new HealthServlet();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> misconfigured.init(configWith("not a registry")))
          .isInstanceOf(jakarta.servlet.ServletException.class)
          .hasMessageContaining(HealthServlet.REGISTRY_ATTRIBUTE).hasMessageContaining("java.lang.String");
    }
  }

  @Test
  void servesTheSameProbesAsTheJdkHandler() throws Exception {
    try (HealthRegistry health = HealthRegistry.builder()
        .readiness("database", () -> { throw new IllegalStateException("db \"down\""); }).build()) {
      HealthServlet servlet = new HealthServlet(health);

      Recorded ready = call(servlet, "GET", "/ready");
      assertThat(ready.status).isEqualTo(503);
      assertThat(ready.headers).containsEntry("Content-Type", "application/json; charset=utf-8")
          .containsEntry("Cache-Control", "no-store");
      assertThat(new ObjectMapper().readTree(ready.body()).get("checks").get(0).get("error").asText())
          .isEqualTo("db \"down\"");

      assertThat(call(servlet, "GET", "/live").status).isEqualTo(200);
      assertThat(call(servlet, "GET", "/started/").status).isEqualTo(200);
      assertThat(call(servlet, "GET", null).status).isEqualTo(404);
      assertThat(call(servlet, "GET", "/nope").status).isEqualTo(404);
      Recorded delete = call(servlet, "DELETE", "/ready");
      assertThat(delete.status).isEqualTo(405);
      assertThat(delete.headers).containsEntry("Allow", "GET, HEAD");
      Recorded head = call(servlet, "HEAD", "/live");
      assertThat(head.status).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }
}
