package dev.sightline.server.receiver;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.sightline.server.http.Json;

/** OTLP/HTTP error bodies: a {@code google.rpc.Status}, protobuf or JSON to match the request. */
final class RpcStatusBodies {
  private RpcStatusBodies() {}

  static HttpResponse response(ResponseHeaders headers, HttpStatus status, boolean json, String message) {
    int code = grpcCodeFor(status);
    if (json) {
      String body = Json.write(java.util.Map.of("code", code, "message", message));
      return HttpResponse.of(headers.toBuilder().contentType(MediaType.JSON).build(), HttpData.ofUtf8(body));
    }
    com.google.rpc.Status status1 = com.google.rpc.Status.newBuilder().setCode(code).setMessage(message).build();
    return HttpResponse.of(headers.toBuilder().set(HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf").build(),
        HttpData.wrap(status1.toByteArray()));
  }

  /** The gRPC code that means the same as an HTTP status, as the HTTP/gRPC mapping gives it. */
  static int grpcCodeFor(HttpStatus status) {
    return switch (status.code()) {
      case 400 -> 3;  // INVALID_ARGUMENT
      case 413 -> 8;  // RESOURCE_EXHAUSTED
      case 415 -> 3;
      case 429 -> 8;
      case 503 -> 14; // UNAVAILABLE
      default -> 2;   // UNKNOWN
    };
  }
}
