package dev.sightline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sightline logs pretty}: JSON log lines on stdin, printed readable for a terminal. */
@Command(name = "logs", description = "Tools for log lines.", subcommands = LogsCommand.Pretty.class)
final class LogsCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("usage: sightline logs pretty < app.log   (or: java -jar app.jar | sightline logs pretty)");
  }

  /**
   * Reads JSON log lines and prints {@code time LEVEL service message key=value ...}, the level coloured,
   * trace ids shortened; a line that is not a JSON object passes through unchanged.
   */
  @Command(name = "pretty", description = "Print JSON log lines from stdin readable and coloured; other lines pass through.")
  static final class Pretty implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIME = List.of("timestamp", "@timestamp", "time", "ts", "asctime");
    private static final List<String> LEVEL = List.of("level", "levelname", "severity", "log.level");
    private static final List<String> MESSAGE = List.of("message", "msg", "body");
    private static final List<String> SERVICE = List.of("service", "service.name", "service_name", "logger_name");
    private static final Set<String> SHOWN = Set.of("timestamp", "@timestamp", "time", "ts", "asctime", "level",
        "levelname", "severity", "message", "msg", "body", "service", "service.name", "service_name", "@version");

    @Option(names = "--color", description = "always, never or auto (default: auto, colour when stdout is a terminal).")
    String color = "auto";

    @Override
    public Integer call() throws IOException {
      boolean useColor = color.equals("always") || color.equals("auto") && System.console() != null;
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(format(line, useColor));
          out.flush();
        }
      }
      return 0;
    }

    static String format(String line, boolean color) {
      String t = line.trim();
      if (!t.startsWith("{")) {
        return line;
      }
      JsonNode node;
      try {
        node = JSON.readTree(t);
      } catch (IOException e) {
        return line;
      }
      if (node == null || !node.isObject()) {
        return line;
      }
      String level = first(node, LEVEL);
      StringBuilder sb = new StringBuilder();
      String time = first(node, TIME);
      if (time != null) {
        sb.append(dim(time, color)).append(' ');
      }
      String lvl = level == null ? "-" : level.toUpperCase(Locale.ROOT);
      sb.append(colourLevel(String.format("%-5s", lvl), lvl, color)).append(' ');
      String service = first(node, SERVICE);
      if (service != null) {
        sb.append(bold("[" + service + "]", color)).append(' ');
      }
      String msg = first(node, MESSAGE);
      sb.append(msg == null ? "" : msg);
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (SHOWN.contains(e.getKey()) || e.getKey().equals("logger_name") && service != null
            && service.equals(e.getValue().asText())) {
          continue;
        }
        String v = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
        if ((e.getKey().equals("trace_id") || e.getKey().equals("traceId")) && v.length() == 32) {
          v = v.substring(0, 8) + "…";
        }
        sb.append(' ').append(dim(e.getKey() + "=", color)).append(v.contains(" ") ? '"' + v + '"' : v);
      }
      return sb.toString();
    }

    private static String first(JsonNode node, List<String> keys) {
      for (String k : keys) {
        JsonNode v = node.get(k);
        if (v != null && !v.isNull()) {
          return v.isValueNode() ? v.asText() : v.toString();
        }
      }
      return null;
    }

    private static String colourLevel(String text, String level, boolean color) {
      if (!color) {
        return text;
      }
      String code = switch (level) {
        case "ERROR", "FATAL", "CRITICAL", "50", "60" -> "31";
        case "WARN", "WARNING", "40" -> "33";
        case "INFO", "30" -> "32";
        default -> "36";
      };
      return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    private static String dim(String s, boolean color) {
      return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    private static String bold(String s, boolean color) {
      return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
  }
}
