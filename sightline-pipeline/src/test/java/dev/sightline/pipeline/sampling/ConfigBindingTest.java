package dev.sightline.pipeline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sightline.pipeline.redaction.RedactionConfig;
import dev.sightline.pipeline.spanmetrics.SpanMetricsConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config records bind from YAML the way the server's loader reads sightline.yaml (snake_case, strict). */
class ConfigBindingTest {
  static final ObjectMapper YAML = mapper();

  static ObjectMapper mapper() {
    SimpleModule m = new SimpleModule();
    m.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String t = p.getValueAsString();
        return t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
            : Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
    });
    return YAMLMapper.builder().addModule(m)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }

  @Test
  void collectorStylePoliciesBind() throws Exception {
    String yaml = """
        enabled: true
        decision_wait: 10s
        num_traces: 1000
        max_memory_bytes: 1048576
        decision_cache: {sampled_cache_size: 10, non_sampled_cache_size: 20}
        policies:
          - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
          - {name: slow, type: latency, latency: {threshold_ms: 2000, upper_threshold_ms: 10000}}
          - {name: ten-percent, type: probabilistic, probabilistic: {sampling_percentage: 10, hash_salt: s}}
          - name: vip
            type: string_attribute
            string_attribute: {key: tier, values: [gold], enabled_regex_matching: false, invert_match: false}
          - {name: big, type: numeric_attribute, numeric_attribute: {key: bytes, min_value: 1000}}
          - name: both
            type: and
            and:
              and_sub_policy:
                - {name: e, type: status_code, status_code: {status_codes: [ERROR]}}
                - {name: l, type: latency, latency: {threshold_ms: 100}}
          - name: budget
            type: composite
            composite:
              max_total_spans_per_second: 1000
              policy_order: [c-errors, c-rest]
              composite_sub_policy:
                - {name: c-errors, type: status_code, status_code: {status_codes: [ERROR]}}
                - {name: c-rest, type: always_sample}
              rate_allocation:
                - {policy: c-errors, percent: 75}
                - {policy: c-rest, percent: 25}
          - {name: rl, type: rate_limiting, rate_limiting: {spans_per_second: 500}}
        """;
    TailSamplingConfig c = YAML.readValue(yaml, TailSamplingConfig.class);
    assertThat(c.decisionWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.decisionCache().nonSampledCacheSize()).isEqualTo(20);
    assertThat(c.policies()).hasSize(8);
    assertThat(c.policies().get(6).composite().rateAllocation().get(0).percent()).isEqualTo(75.0);
    TailSampler s = TailSampler.create(c, new TestClock(0));
    assertThat(s.policyDecisions()).containsOnlyKeys("errors", "slow", "ten-percent", "vip", "big", "both", "budget", "rl");
  }

  @Test
  void misspeltKeysAreRefused() {
    assertThatThrownBy(() -> YAML.readValue("policies: [{name: x, type: latency, latency: {treshold_ms: 5}}]",
        TailSamplingConfig.class)).hasMessageContaining("treshold_ms");
  }

  @Test
  void redactionAndSpanMetricsBind() throws Exception {
    RedactionConfig r = YAML.readValue("""
        blocked_keys: [password, x_secret]
        custom_rules: [{name: iban, regex: 'DE\\d{20}'}]
        services: {checkout: {allowed_keys: [http.route]}}
        """, RedactionConfig.class);
    assertThat(r.enabled()).isTrue();
    assertThat(r.blockedKeys()).containsExactly("password", "x_secret");
    assertThat(r.services().get("checkout").allowedKeys()).containsExactly("http.route");
    assertThat(r.valueRules()).isEqualTo(RedactionConfig.DEFAULT_VALUE_RULES);
    SpanMetricsConfig m = YAML.readValue("""
        histogram_buckets_seconds: [0.01, 0.1, 1]
        max_operations_per_service: 50
        service_graph_wait: 5s
        """, SpanMetricsConfig.class);
    assertThat(m.histogramBucketsSeconds()).isEqualTo(List.of(0.01, 0.1, 1.0));
    assertThat(m.serviceGraphWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m.maxSeries()).isEqualTo(10_000);
  }

  @Test
  void memoryCapDefaultsToAQuarterOfTheHeap() {
    assertThat(TailSamplingConfig.defaultMaxMemoryBytes(2L << 30)).isEqualTo(512L << 20);
    assertThat(TailSamplingConfig.defaultMaxMemoryBytes(128L << 20)).isEqualTo(64L << 20);
    assertThat(TailSamplingConfig.defaultMaxMemoryBytes(Long.MAX_VALUE)).isEqualTo(64L << 20);
    assertThat(TailSamplingConfig.disabled().maxMemoryBytes())
        .isEqualTo(TailSamplingConfig.defaultMaxMemoryBytes(Runtime.getRuntime().maxMemory()));
  }
}
