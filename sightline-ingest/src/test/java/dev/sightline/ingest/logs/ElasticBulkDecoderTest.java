package dev.sightline.ingest.logs;

import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.CLOCK;
import static dev.sightline.ingest.logs.NdjsonLogDecoderTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.model.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ElasticBulkDecoderTest {
  final AtomicInteger nextId = new AtomicInteger();
  final ElasticBulkDecoder decoder = ElasticBulkDecoder.create(IngestLimits.defaults(), CLOCK,
      () -> "gen-" + nextId.incrementAndGet());

  ElasticBulkResult decode(String body, String index) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8), index);
  }

  static JsonNode json(byte[] b) throws IOException {
    return new ObjectMapper().readTree(b);
  }

  /** Filebeat 8 writing to a data stream: "create" actions, ECS documents. */
  @Test
  void filebeat() throws IOException {
    String body = """
        {"create":{"_index":"filebeat-8.15.0"}}
        {"@timestamp":"2026-11-23T19:58:01.123Z","message":"GET /cart 200","log":{"level":"info","file":{"path":"/var/log/app.log"},"offset":1024},"input":{"type":"filestream"},"host":{"name":"web-1"},"agent":{"type":"filebeat","version":"8.15.0"},"ecs":{"version":"8.0.0"},"service":{"name":"cart"},"trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"}}
        {"create":{"_index":"filebeat-8.15.0"}}
        {"@timestamp":"2026-11-23T19:58:01.123Z","message":"boom","log":{"level":"error"}}
        """;
    ElasticBulkResult result = decode(body, null);

    assertThat(result.errors()).isFalse();
    assertThat(result.records()).hasSize(2);
    LogRecord r = result.records().get(0);
    assertThat(r.epochNanos()).isEqualTo(T);
    assertThat(r.body()).isEqualTo("GET /cart 200");
    assertThat(r.severityNumber()).isEqualTo(9);
    assertThat(r.serviceName()).isEqualTo("cart");
    assertThat(r.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(r.attributes().get("log.file.path")).isEqualTo("/var/log/app.log");
    assertThat(r.attributes().get("log.offset")).isEqualTo(1024L);
    assertThat(r.attributes().get("host.name")).isEqualTo("web-1");
    assertThat(result.records().get(1).severityNumber()).isEqualTo(17);

    JsonNode response = json(result.responseJson(7));
    assertThat(response.get("took").asLong()).isEqualTo(7);
    assertThat(response.get("errors").asBoolean()).isFalse();
    assertThat(response.get("items")).hasSize(2);
    JsonNode item = response.get("items").get(0).get("create");
    assertThat(item.get("_index").asText()).isEqualTo("filebeat-8.15.0");
    assertThat(item.get("_id").asText()).isEqualTo("gen-1");
    assertThat(item.get("status").asInt()).isEqualTo(201);
    assertThat(item.get("result").asText()).isEqualTo("created");
    assertThat(item.get("_shards").get("successful").asInt()).isEqualTo(1);
    assertThat(item.has("error")).isFalse();
  }

  /** Fluent Bit's es output with Logstash_Format: "index" with _type, docker's "log" field, no final newline. */
  @Test
  void fluentBitWithIndexInTheUrl() throws IOException {
    String body = """
        {"index":{"_type":"_doc"}}
        {"@timestamp":"2026-11-23T19:58:01.123Z","log":"2026/11/23 19:58:01 listening on :8080\\n","stream":"stderr","kubernetes":{"pod_name":"api-7d9f","namespace_name":"shop","labels":{"app":"api"}}}""";
    ElasticBulkResult result = decode(body, "logstash-2026.11.23");
    LogRecord r = result.records().get(0);
    assertThat(r.body()).isEqualTo("2026/11/23 19:58:01 listening on :8080\n");
    assertThat(r.attributes().get("kubernetes.labels.app")).isEqualTo("api");
    assertThat(r.attributes().get("stream")).isEqualTo("stderr");
    assertThat(json(result.responseJson(1)).get("items").get(0).get("index").get("_index").asText())
        .isEqualTo("logstash-2026.11.23");
  }

  /** Vector's elasticsearch sink: "index" actions with explicit ids, updates and deletes rejected per item. */
  @Test
  void vectorAndUnsupportedActions() throws IOException {
    String body = """
        {"index":{"_index":"vector-2026.11.23","_id":"abc"}}
        {"message":"ok","timestamp":"2026-11-23T19:58:01.123Z","host":"web-2","source_type":"file"}
        {"delete":{"_index":"vector-2026.11.23","_id":"abc"}}
        {"update":{"_index":"vector-2026.11.23","_id":"abc"}}
        {"doc":{"message":"changed"}}
        {"create":{}}
        {"message":"no index anywhere"}
        {"index":{"_index":"v"}}
        {"message":"bad time","timestamp":"last tuesday"}
        {"index":{"_index":"v"}}
        {"message": broken
        """;
    ElasticBulkResult result = decode(body, null);
    assertThat(result.records()).extracting(LogRecord::body).containsExactly("ok");
    assertThat(result.items()).extracting(BulkItem::status).containsExactly(201, 400, 400, 400, 400, 400);
    JsonNode response = json(result.responseJson(3));
    assertThat(response.get("errors").asBoolean()).isTrue();
    JsonNode items = response.get("items");
    assertThat(items.get(0).get("index").get("_id").asText()).isEqualTo("abc");
    assertThat(items.get(1).get("delete").get("error").get("type").asText()).isEqualTo("illegal_argument_exception");
    assertThat(items.get(2).get("update").get("error").get("reason").asText()).contains("'update' is not supported");
    assertThat(items.get(3).get("create").get("error").get("reason").asText()).isEqualTo("Validation Failed: 1: index is missing;");
    assertThat(items.get(4).get("index").get("error").get("type").asText()).isEqualTo("document_parsing_exception");
    assertThat(items.get(4).get("index").get("error").get("reason").asText())
        .isEqualTo("[9] failed to parse: field 'timestamp': cannot read 'last tuesday' as an RFC 3339 time or epoch number");
    assertThat(items.get(5).get("index").get("error").get("reason").asText()).startsWith("[11] failed to parse: invalid JSON");
    assertThat(result.decodeResult().rejected()).isEqualTo(5);
  }

  @Test
  void failAcceptedTurnsSuccessesIntoRetryableErrors() throws IOException {
    ElasticBulkResult result = decode("{\"index\":{\"_index\":\"a\"}}\n{\"message\":\"x\"}\n", null)
        .failAccepted(429, "es_rejected_execution_exception", "ingest queue is full");
    JsonNode item = json(result.responseJson(0)).get("items").get(0).get("index");
    assertThat(item.get("status").asInt()).isEqualTo(429);
    assertThat(item.get("error").get("type").asText()).isEqualTo("es_rejected_execution_exception");
    assertThat(result.records()).isEmpty();
  }

  @Test
  void malformedActionLinesFailTheRequest() throws IOException {
    assertThatThrownBy(() -> decode("{\"index\":{}}\n{\"message\":\"x\"}\n{\"upsert\":{}}\n{}\n", "i"))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessage("Malformed action/metadata line [3], expected one of [create, delete, index, update] but found [upsert]");
    assertThatThrownBy(() -> decode("{\"index\":{}\n{}\n", "i"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith("Malformed action/metadata line [1]: invalid JSON");
    assertThatThrownBy(() -> decode("{\"index\":{}}\n", "i"))
        .isInstanceOf(InvalidPayloadException.class).hasMessage("line 1: 'index' action has no source line after it");
    assertThatThrownBy(() -> decode("", "i"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("empty _bulk request");
    assertThatThrownBy(() -> decode("{\"index\":{},\"create\":{}}\n{}\n", "i"))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("expected exactly one action");
    JsonNode err = json(ElasticBulkResult.requestErrorJson("illegal_argument_exception", "bad", 400));
    assertThat(err.get("error").get("root_cause").get(0).get("type").asText()).isEqualTo("illegal_argument_exception");
    assertThat(err.get("status").asInt()).isEqualTo(400);
  }

  @Test
  void hostileDocumentsFailOnlyTheirItem() {
    IngestLimits small = IngestLimits.builder().maxLineBytes(1000).build();
    ElasticBulkDecoder d = ElasticBulkDecoder.create(small, CLOCK);
    String body = "{\"index\":{\"_index\":\"a\"}}\n{\"message\":\"" + "x".repeat(2000) + "\"}\n"
        + "{\"index\":{\"_index\":\"a\"}}\n{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}\n"
        + "{\"index\":{\"_index\":\"a\"}}\n{\"message\":\"fine\"}\n";
    ElasticBulkResult result = d.decode(body.getBytes(StandardCharsets.UTF_8), null);
    assertThat(result.items()).extracting(BulkItem::status).containsExactly(400, 400, 201);
    assertThat(result.items().get(0).errorReason()).contains("longer than maxLineBytes = 1000");
    assertThat(result.items().get(1).errorReason()).contains("nesting depth");
    assertThat(result.items().get(2).id()).hasSize(20);
  }
}
