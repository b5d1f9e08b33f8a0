package dev.sightline.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed, truncated, oversized and hostile queries: each a ParseException naming where and what. */
class QueryParserErrorTest {

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", 0, "expected SELECT but found end of input"),
        Arguments.of("SELEC * FROM logs", 0, "expected SELECT but found 'SELEC'"),
        Arguments.of("SELECT count(*) FORM logs", 16, "expected ',' or FROM but found 'FORM'"),
        Arguments.of("SELECT * FROM", 13, "expected a dataset: logs or spans but found end of input"),
        Arguments.of("SELECT * FROM metrics", 14, "expected a dataset: logs or spans but found 'metrics'"),
        Arguments.of("SELECT FROM logs", 7,
            "expected a field name, an aggregate such as count(*), or '*' but found FROM"),
        Arguments.of("SELECT a, FROM logs", 10,
            "expected a field name, an aggregate such as count(*), or '*' but found FROM"),
        Arguments.of("SELECT count(*) FROM logs WHERE level = 'ERROR' AND", 51,
            "expected a condition: a field name, a quoted 'text', NOT or '(' but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE level", 30,
            "expected an operator after field 'level': = != < <= > >= IN CONTAINS LIKE MATCHES EXISTS"
                + " (to search the message, quote the text: 'words') but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE level = ", 33,
            "expected a value: 'string', number, duration, true or false but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE level = ERROR", 33,
            "expected a value: 'string', number, duration, true or false but found 'ERROR'"),
        Arguments.of("SELECT * FROM logs WHERE a = 'open", 29,
            "expected a closing ' for the string that starts here but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE `open = 1", 25,
            "expected a closing ` for the quoted field name that starts here but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE `` = 1", 25,
            "expected a field name between the quotes but found an empty quoted name"),
        Arguments.of("SELECT * FROM logs WHERE ((a = 1)", 33, "expected ')' or AND/OR but found end of input"),
        Arguments.of("SELECT * FROM logs WHERE a = 1)", 30,
            "expected AND, OR, GROUP BY, ORDER BY, LIMIT or end of query but found ')'"),
        Arguments.of("SELECT * FROM logs WHERE a ! 1", 27,
            "expected '!=' (a lone '!' is not an operator; use NOT) but found '!'"),
        Arguments.of("SELECT * FROM logs WHERE a = 4bf92f3577b34da6a3ce929d0e0e4736", 29,
            "expected a number, a duration such as 250ms or 1m, or a quoted string but found"
                + " '4bf92f3577b34da6a3ce929d0e0e4736' (put text in single quotes)"),
        Arguments.of("SELECT * FROM logs WHERE a = 99999999999999999999", 29,
            "expected an integer within the 64-bit range but found '99999999999999999999'"),
        Arguments.of("SELECT * FROM logs WHERE a = 1e999", 29,
            "expected a number within the range of a double but found '1e999'"),
        Arguments.of("SELECT * FROM logs WHERE ok < true", 30,
            "expected a number, string or duration (booleans compare only with = and !=) but found TRUE"),
        Arguments.of("SELECT * FROM logs WHERE a IN ()", 31,
            "expected a value: 'string', number, duration, true or false but found ')'"),
        Arguments.of("SELECT * FROM logs WHERE a IN ('x' 'y')", 35,
            "expected ',' or ')' in the IN list but found string 'y'"),
        Arguments.of("SELECT * FROM logs WHERE a NOT = 1", 31,
            "expected IN, CONTAINS, LIKE, MATCHES or EXISTS after NOT but found '='"),
        Arguments.of("SELECT * FROM logs WHERE m CONTAINS 42", 36,
            "expected a quoted 'text' after CONTAINS but found '42'"),
        Arguments.of("SELECT * FROM logs WHERE m CONTAINS '--'", 36,
            "expected text with at least one letter or digit to search for but found string '--'"),
        Arguments.of("SELECT * FROM logs WHERE '...'", 25,
            "expected text with at least one letter or digit to search for but found string '...'"),
        Arguments.of("SELECT * FROM logs WHERE x MATCHES '(a'", 35,
            "expected a valid regular expression (Unclosed group near index 2) but found string '(a'"),
        Arguments.of("SELECT * FROM logs WHERE timestamp > 'yesterday'", 37,
            "expected a timestamp as an ISO-8601 instant such as '2026-11-23T19:30:00Z', or nanoseconds since"
                + " the epoch but found string 'yesterday'"),
        Arguments.of("SELECT * FROM logs WHERE a § 1", 27,
            "expected a field name, a value, an operator or a keyword but found unexpected character '§' (U+00A7)"),
        Arguments.of("SELECT foo(x) FROM logs", 7,
            "expected a known function: count, count_distinct, sum, avg, min, max, percentile (or bucket in"
                + " GROUP BY) but found 'foo'"),
        Arguments.of("SELECT sum(*) FROM logs", 11,
            "expected a field name as the argument of sum (only count accepts '*') but found '*'"),
        Arguments.of("SELECT percentile(duration) FROM spans", 26,
            "expected ',' and the percentile rank, e.g. percentile(duration, 0.99) but found ')'"),
        Arguments.of("SELECT percentile(duration, 1.5) FROM spans", 28,
            "expected a percentile rank between 0 and 1, e.g. 0.99 but found '1.5'"),
        Arguments.of("SELECT percentile(duration, -0.1) FROM spans", 28,
            "expected a percentile rank between 0 and 1, e.g. 0.99 but found '-0.1'"),
        Arguments.of("SELECT count(*) FROM logs GROUP BY bucket(timestamp, '1x')", 53,
            "expected a positive bucket width such as '1m', '30s' or '1h' (units ns us ms s m h d w)"
                + " but found string '1x'"),
        Arguments.of("SELECT count(*) FROM logs GROUP BY bucket(timestamp, '0s')", 53,
            "expected a positive bucket width such as '1m', '30s' or '1h' (units ns us ms s m h d w)"
                + " but found string '0s'"),
        Arguments.of("SELECT count(*) FROM logs GROUP BY count(x)", 35,
            "expected a field or bucket(timestamp, '1m') in GROUP BY but found 'count'"),
        Arguments.of("SELECT bucket(timestamp, '1m') FROM logs", 7,
            "expected a field or an aggregate in SELECT (bucket(...) belongs in GROUP BY, where it also names a"
                + " result column) but found 'bucket'"),
        Arguments.of("SELECT service, count(*) FROM logs", 7,
            "expected field 'service' inside an aggregate such as count_distinct(service) or listed in GROUP BY"
                + " but found a plain field in an aggregated query"),
        Arguments.of("SELECT host, count(*) FROM logs GROUP BY service", 7,
            "expected field 'host' inside an aggregate such as count_distinct(host) or listed in GROUP BY"
                + " but found a plain field in an aggregated query"),
        Arguments.of("SELECT * FROM logs GROUP BY service", 28,
            "expected aggregates in SELECT when grouping (SELECT * lists whole rows; try SELECT count(*) FROM"
                + " ... GROUP BY ...) but found GROUP BY after SELECT *"),
        Arguments.of("SELECT service, count(*) FROM logs GROUP BY service ORDER BY nope", 61,
            "expected a result column to order by: one of service, count(*) but found 'nope'"),
        Arguments.of("SELECT count(*), count(*) FROM logs", 17,
            "expected distinct column names (use AS to rename one) but found a second column 'count(*)'"),
        Arguments.of("SELECT * FROM logs LIMIT 0", 25, "expected a LIMIT between 1 and 100000 but found '0'"),
        Arguments.of("SELECT * FROM logs LIMIT 100001", 25,
            "expected a LIMIT between 1 and 100000 but found '100001'"),
        Arguments.of("SELECT * FROM logs LIMIT ten", 25, "expected a whole number after LIMIT but found 'ten'"),
        Arguments.of("SELECT * FROM logs LIMIT 5 LIMIT 6", 27, "expected end of query but found LIMIT"),
        Arguments.of("SELECT * FROM logs ORDER timestamp", 25, "expected BY after ORDER but found 'timestamp'"),
        Arguments.of("SELECT * FROM logs ORDER BY timestamp DESC ASC", 43, "expected LIMIT or end of query but found ASC"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedQueriesNameTheOffsetAndWhatWasExpected(String query, int offset, String message) {
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(query));
    assertThat(e).as(query).isNotNull();
    assertThat(e.position().offset()).as(query).isEqualTo(offset);
    assertThat(e.position().line()).isEqualTo(1);
    assertThat(e.position().column()).isEqualTo(offset + 1);
    assertThat(e.getMessage()).isEqualTo(e.position() + ": " + message);
  }

  @Test
  void exceptionCarriesExpectedAndFoundSeparately() {
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse("SELECT count(*) FORM logs"));
    assertThat(e.expected()).isEqualTo("',' or FROM");
    assertThat(e.found()).isEqualTo("'FORM'");
    assertThat(e.getMessage()).isEqualTo("line 1, column 17 (offset 16): expected ',' or FROM but found 'FORM'");
  }

  @Test
  void positionsCountLinesAndCodePointColumns() {
    String q = "SELECT *\n  FROM logs\n  WHERE msg = '🙂🙂' AND § = 1";
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(q));
    assertThat(e.position().line()).isEqualTo(3);
    // "  WHERE msg = '🙂🙂' AND " is 23 code points (25 UTF-16 chars); the § is the 24th column.
    assertThat(e.position().column()).isEqualTo(24);
    assertThat(e.position().offset()).isEqualTo(q.indexOf('§'));
    assertThat(e.getMessage()).startsWith("line 3, column 24 (offset " + q.indexOf('§') + "): ");
  }

  @Test
  void tenMegabyteQueryIsRejectedUpFrontWithItsLength() {
    String huge = "SELECT * FROM logs WHERE m = '" + "x".repeat(10 * 1024 * 1024) + "'";
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(huge));
    assertThat(e.getMessage()).contains("expected a query of at most 262144 characters")
        .contains("found a query of " + huge.length() + " characters");
    assertThat(e.position().offset()).isEqualTo(QueryParser.DEFAULT_MAX_QUERY_LENGTH);
  }

  @Test
  void tenMegabyteQueryParsesInLinearTimeWhenTheLimitAllowsIt() {
    QueryParser roomy = QueryParser.builder().maxQueryLength(16 * 1024 * 1024).build();
    String value = "x'y\\".repeat(2 * 1024 * 1024); // 8 MB of quotes and backslashes, escaped below
    String q = "SELECT * FROM logs WHERE m = '" + value.replace("'", "''") + "'";
    assertThat(q.length()).isGreaterThan(10 * 1024 * 1024);
    assertThat(roomy.parseQuery(q).where()).isEqualTo(
        dev.sightline.store.filter.Filter.eq("m", dev.sightline.store.filter.Value.of(value)));
  }

  @Test
  void tenThousandNestedParenthesesGiveACleanError() {
    String q = "SELECT * FROM logs WHERE " + "(".repeat(10_000) + "a = 1" + ")".repeat(10_000);
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(q));
    assertThat(e.getMessage()).contains("expected a condition nested at most 64 levels deep (parentheses and NOT)");
    assertThat(e.position().offset()).isEqualTo(25 + 64); // the 65th '('
  }

  @Test
  void tenThousandNotsGiveACleanError() {
    String q = "SELECT * FROM logs WHERE " + "NOT ".repeat(10_000) + "a = 1";
    assertThatThrownBy(() -> QueryParser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("nested at most 64 levels deep");
  }

  @Test
  void unbalancedParenthesesAtDepthAreStillPositioned() {
    String q = "SELECT * FROM logs WHERE " + "(".repeat(60) + "a = 1";
    ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(q));
    assertThat(e.getMessage()).endsWith("expected ')' or AND/OR but found end of input");
    assertThat(e.position().offset()).isEqualTo(q.length());
  }

  @Test
  void longAndChainsAndInListsAreIterativeButBounded() {
    String chain = "SELECT * FROM logs WHERE " + "a = 1 AND ".repeat(20_000) + "a = 1";
    assertThat(QueryParser.parse(chain).where())
        .isInstanceOfSatisfying(dev.sightline.store.filter.Filter.And.class, a -> assertThat(a.operands()).hasSize(20_001));
    String in = "SELECT * FROM logs WHERE a IN (" + "1, ".repeat(10_000) + "1)";
    assertThatThrownBy(() -> QueryParser.parse(in)).isInstanceOf(ParseException.class)
        .hasMessageContaining("expected at most 10000 values in an IN list");
  }

  @Test
  void overlongPatternsAndSearchTextsArePositionedErrors() {
    String text = "x".repeat(4097);
    for (String q : new String[] {"SELECT * FROM logs WHERE m CONTAINS '" + text + "'",
        "SELECT * FROM logs WHERE '" + text + "'", "SELECT * FROM logs WHERE m LIKE '" + text + "'",
        "SELECT * FROM logs WHERE m MATCHES '" + text + "'"}) {
      ParseException e = catchThrowableOfType(ParseException.class, () -> QueryParser.parse(q));
      assertThat(e).as(q.substring(0, 40)).isNotNull();
      assertThat(e.expected()).contains("at most 4096 characters");
      assertThat(e.position().offset()).isEqualTo(q.indexOf('\''));
    }
  }

  @Test
  void controlCharactersAndInvalidSurrogatesAreReportedNotCrashedOn() {
    assertThatThrownBy(() -> QueryParser.parse("SELECT * FROM logs WHERE a = 1 \u0007"))
        .isInstanceOf(ParseException.class).hasMessageContaining("(U+0007)");
    assertThatThrownBy(() -> QueryParser.parse("SELECT * FROM logs WHERE a = \uD800"))
        .isInstanceOf(ParseException.class).hasMessageContaining("(U+D800)");
  }
}
