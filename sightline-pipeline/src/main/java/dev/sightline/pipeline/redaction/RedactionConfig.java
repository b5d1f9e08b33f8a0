package dev.sightline.pipeline.redaction;

import java.util.List;
import java.util.Map;

/**
 * Redaction rules, bound from the {@code redaction:} section of {@code sightline.yaml} (snake_case keys).
 * Every component may be null or absent; {@link #defaults()} fills the safe rules that ship on.
 *
 * <pre>{@code
 * redaction:
 *   enabled: true
 *   blocked_keys: [password, passwd, secret, token, api_key, authorization, cookie, set_cookie, card_number]
 *   value_rules: [card, bearer, jwt, aws_access_key, gcp_api_key, github_token, url_credentials]
 *   custom_rules:
 *     - {name: iban, regex: "\\bDE\\d{20}\\b"}
 *   ignored_keys: [http.request.header.x-request-id]
 *   scan_span_names: true
 *   services:
 *     checkout: {allowed_keys: [http.route, http.response.status_code, order.id]}
 * }</pre>
 *
 * @param enabled false turns every rule off (spans and logs pass unchanged)
 * @param blockedKeys key names whose values are always masked; matched case-insensitively against the
 *     last one, two or three segments of a key split on {@code . _ -}, spaces and camelCase, so
 *     {@code api_key} matches {@code X-Api-Key}, {@code apiKey} and {@code http.request.header.x-api-key}
 * @param valueRules built-in value rules to apply wherever a string value appears (see {@link
 *     Redactor#VALUE_RULES})
 * @param customRules extra named regular expressions; every match inside a string value is masked
 * @param ignoredKeys exact keys never touched by any rule (an escape hatch for false positives)
 * @param scanSpanNames also scan span names and status messages with the value rules
 * @param services per-service overrides; a service with {@code allowed_keys} is in allow-list mode
 */
public record RedactionConfig(
    Boolean enabled,
    List<String> blockedKeys,
    List<String> valueRules,
    List<CustomRule> customRules,
    List<String> ignoredKeys,
    Boolean scanSpanNames,
    Map<String, ServiceRules> services) {

  /** Key names of secrets, in the normalized form (lowercase, segments joined with {@code _}). */
  public static final List<String> DEFAULT_BLOCKED_KEYS = List.of(
      "password", "passwd", "pwd", "secret", "client_secret", "token", "access_token", "refresh_token",
      "id_token", "auth_token", "api_key", "apikey", "authorization", "proxy_authorization", "cookie",
      "set_cookie", "card_number", "credit_card", "creditcard", "cc_number", "cvv", "cvc", "private_key",
      "secret_key", "access_key_secret", "session_token");

  public static final List<String> DEFAULT_VALUE_RULES = List.of(
      "card", "bearer", "jwt", "aws_access_key", "gcp_api_key", "github_token", "url_credentials");

  public RedactionConfig {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    blockedKeys = blockedKeys == null ? DEFAULT_BLOCKED_KEYS : List.copyOf(blockedKeys);
    valueRules = valueRules == null ? DEFAULT_VALUE_RULES : List.copyOf(valueRules);
    customRules = customRules == null ? List.of() : List.copyOf(customRules);
    ignoredKeys = ignoredKeys == null ? List.of() : List.copyOf(ignoredKeys);
    scanSpanNames = scanSpanNames == null ? Boolean.TRUE : scanSpanNames;
    services = services == null ? Map.of() : Map.copyOf(services);
  }

  /** The safe rules Sightline ships with: on, default keys, every built-in value rule. */
  public static RedactionConfig defaults() {
    return new RedactionConfig(null, null, null, null, null, null, null);
  }

  /** Redaction switched off. */
  public static RedactionConfig disabled() {
    return new RedactionConfig(false, null, null, null, null, null, null);
  }

  /** A named regular expression; matches are replaced by {@code [REDACTED:<name>]}. */
  public record CustomRule(String name, String regex) {}

  /**
   * Per-service rules. With {@code allowedKeys} set, the service is in allow-list mode: attribute keys
   * not listed are masked as {@code [REDACTED:not_allowed]} (the key stays, so a reader sees that it
   * was sent). Blocked-key and value rules still apply to listed keys.
   */
  public record ServiceRules(List<String> allowedKeys) {
    public ServiceRules {
      allowedKeys = allowedKeys == null ? null : List.copyOf(allowedKeys);
    }
  }
}
