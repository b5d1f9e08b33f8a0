package dev.sightline.model;

/** A span's status: a code and, for errors, a message. */
public record Status(StatusCode code, String message) {
  public static final Status UNSET = new Status(StatusCode.UNSET, "");
  public static final Status OK = new Status(StatusCode.OK, "");

  public Status {
    code = code == null ? StatusCode.UNSET : code;
    message = message == null ? "" : message;
  }

  public static Status error(String message) {
    return new Status(StatusCode.ERROR, message);
  }

  public boolean isError() {
    return code == StatusCode.ERROR;
  }
}
