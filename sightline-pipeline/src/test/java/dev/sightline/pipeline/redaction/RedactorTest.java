package dev.sightline.pipeline.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

  final Redactor redactor = Redactor.defaults();

  static Span span(String service, Attributes attrs) {
    return Span.builder().traceId(TRACE).spanId("b7ad6b7169203331").name("GET /pay")
        .resource(Resource.ofService(service)).attributes(attrs).build();
  }

  static LogRecord log(String service, String body, Attributes attrs) {
    return LogRecord.builder().body(body).attributes(attrs).resource(Resource.ofService(service)).build();
  }

  Attributes redacted(Attributes a) {
    return redactor.redactSpans(List.of(span("svc", a))).get(0).attributes();
  }

  @Test
  void secretKeysAreMaskedInEveryCommonSpelling() {
    Attributes out = redacted(Attributes.of(
        "password", "hunter2",
        "user_password", "hunter2",
        "X-Api-Key", "k-123",
        "apiKey", "k-456",
        "http.request.header.authorization", List.of("Basic dXNlcjpwYXNz"),
        "http.response.header.set-cookie", "sid=abc",
        "db.PASSWD", 1234L,
        "credit_card_number", "n/a"));
    assertThat(out.asMap()).containsExactly(
        Map.entry("password", "[REDACTED:key:password]"),
        Map.entry("user_password", "[REDACTED:key:password]"),
        Map.entry("X-Api-Key", "[REDACTED:key:api_key]"),
        Map.entry("apiKey", "[REDACTED:key:api_key]"),
        Map.entry("http.request.header.authorization", "[REDACTED:key:authorization]"),
        Map.entry("http.response.header.set-cookie", "[REDACTED:key:set_cookie]"),
        Map.entry("db.PASSWD", "[REDACTED:key:passwd]"),
        Map.entry("credit_card_number", "[REDACTED:key:card_number]"));
  }

  @Test
  void keysThatMerelyContainASecretWordAreKept() {
    Attributes in = Attributes.of(
        "password_hash_algorithm", "bcrypt",
        "gen_ai.usage.input_tokens", 42L,
        "token_count", 3L,
        "cookies_enabled", true,
        "http.route", "/users/{id}");
    Span s = span("svc", in);
    assertThat(redactor.redactSpans(List.of(s)).get(0)).isSameAs(s);
    assertThat(redactor.report().totalRedactions()).isZero();
  }

  @Test
  void cardNumbersAreMaskedOnlyWhenLuhnAndIssuerCheckPass() {
    Attributes out = redacted(Attributes.of(
        "visa.spaced", "paid with 4111 1111 1111 1111 today",
        "visa.plain", "4111111111111111",
        "amex.dashed", "card 3782-822463-10005.",
        "mastercard", "5555555555554444",
        "luhn.fails", "4111111111111112",
        "epoch.nanos", "1700000000000000000",
        "epoch.millis", "ts=1700000000123",
        "hex.id", "4111111111111111ab",
        "too.long", "41111111111111111111111",
        "phone", "+1 415 555 0100",
        "date", "2024-01-15 12:30:45"));
    assertThat(out.get("visa.spaced")).isEqualTo("paid with [REDACTED:card] today");
    assertThat(out.get("visa.plain")).isEqualTo("[REDACTED:card]");
    assertThat(out.get("amex.dashed")).isEqualTo("card [REDACTED:card].");
    assertThat(out.get("mastercard")).isEqualTo("[REDACTED:card]");
    assertThat(out.get("luhn.fails")).isEqualTo("4111111111111112");
    assertThat(out.get("epoch.nanos")).isEqualTo("1700000000000000000");
    assertThat(out.get("epoch.millis")).isEqualTo("ts=1700000000123");
    assertThat(out.get("hex.id")).isEqualTo("4111111111111111ab");
    assertThat(out.get("too.long")).isEqualTo("41111111111111111111111");
    assertThat(out.get("phone")).isEqualTo("+1 415 555 0100");
    assertThat(out.get("date")).isEqualTo("2024-01-15 12:30:45");
    assertThat(redactor.report().count("svc", "card")).isEqualTo(4);
  }

  @Test
  void tokensAndCloudKeysAreMaskedInsideText() {
    Attributes out = redacted(Attributes.of(
        "header", "Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA2YotnFZFEjr1zCsicMWpAA",
        "prose", "the bearer of bad news",
        "jwt", "token=" + JWT + "; path=/",
        "aws", "using AKIAIOSFODNN7EXAMPLE for s3",
        "gcp", "key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
        "gh", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "url", "postgres://app:s3cr3t@db:5432/orders",
        "plain.url", "https://example.com/a@b"));
    assertThat(out.get("header")).isEqualTo("Authorization: Bearer [REDACTED:bearer]");
    assertThat(out.get("prose")).isEqualTo("the bearer of bad news");
    assertThat(out.get("jwt")).isEqualTo("token=[REDACTED:jwt]; path=/");
    assertThat(out.get("aws")).isEqualTo("using [REDACTED:aws_access_key] for s3");
    assertThat(out.get("gcp")).isEqualTo("key=[REDACTED:gcp_api_key]");
    assertThat(out.get("gh")).isEqualTo("[REDACTED:github_token]");
    assertThat(out.get("url")).isEqualTo("postgres://[REDACTED:url_credentials]@db:5432/orders");
    assertThat(out.get("plain.url")).isEqualTo("https://example.com/a@b");
  }

  @Test
  void spanNameStatusEventsLinksAndResourceAreScanned() {
    Span s = span("pay", Attributes.empty()).toBuilder()
        .name("GET /cards/4111111111111111")
        .status(Status.error("declined 5555555555554444"))
        .events(List.of(SpanEvent.of(1, "exception", Attributes.of("exception.message", "bad " + JWT))))
        .links(List.of(new SpanLink(TRACE, "b7ad6b7169203332", "", Attributes.of("token", "t"), 0)))
        .resource(new Resource(Attributes.of("service.name", "pay", "deploy.secret", "x")))
        .build();
    Span out = redactor.redactSpans(List.of(s)).get(0);
    assertThat(out.name()).isEqualTo("GET /cards/[REDACTED:card]");
    assertThat(out.status().message()).isEqualTo("declined [REDACTED:card]");
    assertThat(out.events().get(0).attributes().get("exception.message")).isEqualTo("bad [REDACTED:jwt]");
    assertThat(out.links().get(0).attributes().get("token")).isEqualTo("[REDACTED:key:token]");
    assertThat(out.resource().attributes().asMap())
        .containsExactly(Map.entry("service.name", "pay"), Map.entry("deploy.secret", "[REDACTED:key:secret]"));
    assertThat(redactor.report().byService()).isEqualTo(Map.of("pay",
        Map.of("card", 2L, "jwt", 1L, "key:token", 1L, "key:secret", 1L)));
  }

  @Test
  void scanningSpanNamesCanBeTurnedOff() {
    Redactor r = Redactor.of(new RedactionConfig(null, null, null, null, null, false, null));
    Span s = span("svc", Attributes.empty()).toBuilder().name("GET /cards/4111111111111111").build();
    assertThat(r.redactSpans(List.of(s)).get(0)).isSameAs(s);
  }

  @Test
  void logBodyAndNestedFieldsAreRedacted() {
    Attributes nested = Attributes.of("user", Attributes.of("name", "ann", "password", "pw",
        "cards", List.of("4111111111111111", "n/a")));
    LogRecord in = log("shop", "charged 4111-1111-1111-1111 for order 42", Attributes.of(
        "payload", nested, "user.api_key", "abc", "msg", "ok"));
    LogRecord out = redactor.redactLogs(List.of(in)).get(0);
    assertThat(out.body()).isEqualTo("charged [REDACTED:card] for order 42");
    Attributes user = (Attributes) ((Attributes) out.attributes().get("payload")).get("user");
    assertThat(user.get("name")).isEqualTo("ann");
    assertThat(user.get("password")).isEqualTo("[REDACTED:key:password]");
    assertThat(user.get("cards")).isEqualTo(List.of("[REDACTED:card]", "n/a"));
    assertThat(out.attributes().get("user.api_key")).isEqualTo("[REDACTED:key:api_key]");
    assertThat(out.attributes().get("msg")).isEqualTo("ok");
    assertThat(redactor.report().byService())
        .isEqualTo(Map.of("shop", Map.of("card", 2L, "key:password", 1L, "key:api_key", 1L)));
    assertThat(redactor.report().logsScanned()).isEqualTo(1);
  }

  @Test
  void allowListModeMasksUnlistedKeysOfThatServiceOnly() {
    Redactor r = Redactor.of(new RedactionConfig(null, null, null, null, null, null,
        Map.of("checkout", new RedactionConfig.ServiceRules(List.of("http.route", "note", "password")))));
    Attributes a = Attributes.of("http.route", "/pay", "user.email", "a@b.c", "password", "x",
        "note", "card 4111111111111111");
    Attributes checkout = r.redactSpans(List.of(span("checkout", a))).get(0).attributes();
    assertThat(checkout.asMap()).containsExactly(
        Map.entry("http.route", "/pay"),
        Map.entry("user.email", "[REDACTED:not_allowed]"),
        Map.entry("password", "[REDACTED:key:password]"),
        Map.entry("note", "card [REDACTED:card]"));
    Attributes other = r.redactSpans(List.of(span("search", a))).get(0).attributes();
    assertThat(other.get("user.email")).isEqualTo("a@b.c");
    assertThat(r.report().count("checkout", "not_allowed")).isEqualTo(1);
    assertThat(r.report().count("search", "not_allowed")).isZero();
  }

  @Test
  void customRulesAndIgnoredKeys() {
    Redactor r = Redactor.of(new RedactionConfig(null, null, List.of(),
        List.of(new RedactionConfig.CustomRule("iban", "\\bDE\\d{20}\\b")), List.of("session.token"), null, null));
    Attributes out = r.redactSpans(List.of(span("svc", Attributes.of(
        "to", "IBAN DE89370400440532013000 ok", "session.token", "keep-me", "card", "4111111111111111"))))
        .get(0).attributes();
    assertThat(out.get("to")).isEqualTo("IBAN [REDACTED:iban] ok");
    assertThat(out.get("session.token")).isEqualTo("keep-me");
    assertThat(out.get("card")).isEqualTo("4111111111111111"); // value rules off, "card" is not a blocked key
  }

  @Test
  void badRulesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Redactor.of(new RedactionConfig(null, null, List.of("card", "ssn"), null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown rule 'ssn'");
    assertThatThrownBy(() -> Redactor.of(new RedactionConfig(null, null, null,
        List.of(new RedactionConfig.CustomRule("broken", "(unclosed")), null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("custom_rules.broken: invalid regex");
    assertThatThrownBy(() -> Redactor.of(new RedactionConfig(null, null, null,
        List.of(new RedactionConfig.CustomRule("empty", "")), null, null, null)))
        .hasMessageContaining("custom_rules.empty: regex is empty");
  }

  @Test
  void disabledRedactorPassesBatchesThrough() {
    Redactor r = Redactor.of(RedactionConfig.disabled());
    List<Span> batch = List.of(span("svc", Attributes.of("password", "x")));
    assertThat(r.redactSpans(batch)).isSameAs(batch);
    assertThat(r.report().spansScanned()).isZero();
  }

  @Test
  void hostileValuesAreHandled() {
    String digits = "4".repeat(100_000);
    String manyCards = "4111111111111111 ".repeat(1000);
    Attributes out = redacted(Attributes.of("a", digits, "b", manyCards, "", "empty key", "c", ""));
    assertThat(out.get("a")).isEqualTo(digits);
    assertThat((String) out.get("b")).isEqualTo("[REDACTED:card] ".repeat(1000));
    assertThat(out.get("")).isEqualTo("empty key");
  }

  @Test
  void deeplyNestedValuesAreMaskedNotWalkedForever() {
    Object v = "4111111111111111";
    for (int i = 0; i < 10_000; i++) {
      v = i % 2 == 0 ? List.of(v) : Attributes.of("k", v);
    }
    Object shallow = List.of(Attributes.of("card", List.of("4111111111111111")));
    Attributes out = redacted(Attributes.of("deep", v, "shallow", shallow));
    assertThat(out.get("shallow")).isEqualTo(List.of(Attributes.of("card", List.of("[REDACTED:card]"))));
    Object cur = out.get("deep");
    int depth = 0;
    while (!(cur instanceof String)) {
      cur = cur instanceof List<?> l ? l.get(0) : ((Attributes) cur).get("k");
      depth++;
    }
    assertThat(cur).isEqualTo("[REDACTED:too_deep]");
    assertThat(depth).isEqualTo(Redactor.MAX_DEPTH);
    assertThat(redactor.report().count("svc", "too_deep")).isEqualTo(1);
  }
}
