package dev.sightline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogsPrettyTest {
  @Test
  void formatsCommonShapesAndPassesOtherLinesThrough() {
    String logback = "{\"@timestamp\":\"2026-11-23T10:00:00Z\",\"level\":\"ERROR\",\"message\":\"Payment failed\","
        + "\"service\":\"checkout\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"order\":42}";
    assertThat(LogsCommand.Pretty.format(logback, false))
        .isEqualTo("2026-11-23T10:00:00Z ERROR [checkout] Payment failed trace_id=4bf92f35… order=42");
    assertThat(LogsCommand.Pretty.format(logback, true)).contains("\u001b[31mERROR\u001b[0m");
    assertThat(LogsCommand.Pretty.format("{\"msg\":\"hi there\",\"level\":30,\"user\":\"a b\"}", false))
        .isEqualTo("30    hi there user=\"a b\"");
    assertThat(LogsCommand.Pretty.format("plain text line", false)).isEqualTo("plain text line");
    assertThat(LogsCommand.Pretty.format("{broken json", false)).isEqualTo("{broken json");
    assertThat(LogsCommand.Pretty.format("[1,2]", false)).isEqualTo("[1,2]");
  }
}
