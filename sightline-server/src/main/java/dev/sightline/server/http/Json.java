package dev.sightline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import java.util.Map;

/** The server's one JSON mapper and the response shapes every API shares. */
public final class Json {
  /** BigDecimals are written plainly ({@code 100}, not {@code 1E+2}), as Prometheus writes timestamps. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static HttpResponse ok(Object body) {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, write(body));
  }

  public static HttpResponse of(HttpStatus status, Object body) {
    return HttpResponse.of(status, MediaType.JSON_UTF_8, write(body));
  }

  /** {@code {"error": message}} with the status: every API's error shape. */
  public static HttpResponse error(HttpStatus status, String message) {
    return of(status, Map.of("error", message, "status", status.code()));
  }
}
