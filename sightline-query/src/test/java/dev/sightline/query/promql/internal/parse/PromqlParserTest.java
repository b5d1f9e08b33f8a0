package dev.sightline.query.promql.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.promql.PromqlParseException;
import dev.sightline.query.promql.internal.ast.AggOp;
import dev.sightline.query.promql.internal.ast.BinOp;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.ast.Expr.At;
import dev.sightline.query.promql.internal.ast.Expr.Binary;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.NumberLiteral;
import dev.sightline.query.promql.internal.ast.Expr.StringLiteral;
import dev.sightline.query.promql.internal.ast.Expr.Subquery;
import dev.sightline.query.promql.internal.ast.Expr.Unary;
import dev.sightline.query.promql.internal.ast.Expr.VectorMatching.Cardinality;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.store.metrics.LabelMatcher;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromqlParserTest {
  @Test
  void numbersStringsAndDurationsAsNumbers() {
    assertThat(((NumberLiteral) PromqlParser.parse("12.34e6")).value()).isEqualTo(12_340_000);
    assertThat(((NumberLiteral) PromqlParser.parse("0x1F")).value()).isEqualTo(31);
    assertThat(((NumberLiteral) PromqlParser.parse("-Inf")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(((NumberLiteral) PromqlParser.parse("nan")).value()).isNaN();
    assertThat(((NumberLiteral) PromqlParser.parse("1h30m")).value()).isEqualTo(5400);
    assertThat(((StringLiteral) PromqlParser.parse("\"a\\n\\u00e9\"")).value()).isEqualTo("a\né");
    assertThat(((StringLiteral) PromqlParser.parse("`raw\\n`")).value()).isEqualTo("raw\\n");
  }

  @Test
  void selectorsWithMatchersOffsetsAndAt() {
    VectorSelector vs = (VectorSelector) PromqlParser.parse("up{job=~\"api|web\", env!=\"dev\"} offset -5m @ 100");
    assertThat(vs.name()).isEqualTo("up");
    assertThat(vs.matchers()).containsExactly(LabelMatcher.equal("__name__", "up"),
        LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api|web"),
        LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "env", "dev"));
    assertThat(vs.offsetMs()).isEqualTo(-300_000);
    assertThat(vs.at()).isEqualTo(new At(At.Kind.TIME, 100_000));

    VectorSelector quoted = (VectorSelector) PromqlParser.parse("{\"my.metric\", \"label.x\"=\"v\"}");
    assertThat(quoted.name()).isEqualTo("my.metric");
    assertThat(quoted.matchers()).contains(LabelMatcher.equal("label.x", "v"));

    MatrixSelector ms = (MatrixSelector) PromqlParser.parse("rate_total[5m] @ end() offset 1m");
    assertThat(ms.rangeMs()).isEqualTo(300_000);
    assertThat(ms.selector().at().kind()).isEqualTo(At.Kind.END);
    assertThat(ms.selector().offsetMs()).isEqualTo(60_000);
  }

  @Test
  void subqueries() {
    Subquery sq = (Subquery) PromqlParser.parse("rate(x[5m])[1h:30s] offset 10m");
    assertThat(sq.rangeMs()).isEqualTo(3_600_000);
    assertThat(sq.stepMs()).isEqualTo(30_000);
    assertThat(sq.offsetMs()).isEqualTo(600_000);
    assertThat(((Subquery) PromqlParser.parse("x[10m:]")).stepMs()).isZero();
  }

  @Test
  void precedenceAndAssociativity() {
    Binary sum = (Binary) PromqlParser.parse("1 + 2 * 3");
    assertThat(sum.op()).isEqualTo(BinOp.ADD);
    assertThat(((Binary) sum.rhs()).op()).isEqualTo(BinOp.MUL);

    Binary pow = (Binary) PromqlParser.parse("2 ^ 3 ^ 2");
    assertThat(pow.lhs()).isInstanceOf(NumberLiteral.class);
    assertThat(((Binary) pow.rhs()).op()).isEqualTo(BinOp.POW);

    Binary sub = (Binary) PromqlParser.parse("a - b - c");
    assertThat(((Binary) sub.lhs()).op()).isEqualTo(BinOp.SUB);

    // Unary minus binds looser than ^: -a ^ b is -(a ^ b).
    Unary neg = (Unary) PromqlParser.parse("-a ^ b");
    assertThat(((Binary) neg.expr()).op()).isEqualTo(BinOp.POW);

    Binary or = (Binary) PromqlParser.parse("a or b and c");
    assertThat(or.op()).isEqualTo(BinOp.OR);
    assertThat(((Binary) or.rhs()).op()).isEqualTo(BinOp.AND);
  }

  @Test
  void vectorMatchingModifiers() {
    Binary b = (Binary) PromqlParser.parse("a * on(job) group_left(version) b");
    assertThat(b.matching().on()).isTrue();
    assertThat(b.matching().labels()).containsExactly("job");
    assertThat(b.matching().card()).isEqualTo(Cardinality.MANY_TO_ONE);
    assertThat(b.matching().include()).containsExactly("version");

    Binary cmp = (Binary) PromqlParser.parse("a > bool ignoring(x) b");
    assertThat(cmp.returnBool()).isTrue();
    assertThat(cmp.matching().on()).isFalse();
    assertThat(((Binary) PromqlParser.parse("a unless b")).matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);
  }

  @Test
  void aggregationsWithGroupingBeforeOrAfter() {
    Aggregate before = (Aggregate) PromqlParser.parse("sum by (job, \"a.b\") (x)");
    Aggregate after = (Aggregate) PromqlParser.parse("sum(x) without (instance,)");
    assertThat(before.grouping()).containsExactly("job", "a.b");
    assertThat(after.without()).isTrue();
    Aggregate topk = (Aggregate) PromqlParser.parse("topk(3, x)");
    assertThat(topk.op()).isEqualTo(AggOp.TOPK);
    assertThat(topk.param()).isInstanceOf(NumberLiteral.class);
    assertThat(((Aggregate) PromqlParser.parse("count_values(\"v\", x)")).op()).isEqualTo(AggOp.COUNT_VALUES);
  }

  @Test
  void functionCallsAreTypeChecked() {
    Call c = (Call) PromqlParser.parse("label_join(x, \"dst\", \",\", \"a\", \"b\")");
    assertThat(c.function()).isEqualTo(Function.LABEL_JOIN);
    assertThat(c.args()).hasSize(5);
    assertThat(((Call) PromqlParser.parse("round(x)")).args()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 +|1:4: parse error: unexpected end of input",
      "sum(x|1:6: parse error: unexpected end of input in aggregation, expected \",\" or \")\"",
      "rate(x)|1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
      "foo(x)|1:1: parse error: unknown function with name \"foo\"",
      "abs(x, y)|1:9: parse error: expected 1 argument(s) in call to \"abs\", got 2",
      "1 > 2|1:3: parse error: comparisons between scalars must use BOOL modifier",
      "1 and 2|1:3: parse error: set operator \"and\" not allowed in binary scalar expression",
      "a + bool b|1:3: parse error: bool modifier can only be used on comparison operators",
      "{}|1:1: parse error: vector selector must contain at least one non-empty matcher",
      "{job=\"\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
      "x{a=~\"(\"}|1:6: parse error: invalid regular expression in label matcher: \"(\"",
      "(x)[5m]|1:4: parse error: ranges only allowed for vector selectors",
      "x[5m] offset 1m offset 2m|1:17: parse error: offset may not be set multiple times",
      "x @ 1 @ 2|1:7: parse error: @ <timestamp> may not be set multiple times",
      "\"unterminated|1:1: parse error: unterminated quoted string",
      "x[5x]|1:3: parse error: bad number or duration syntax: \"5x\"",
      "a * on(b) group_left(b) c|1:11: parse error: label \"b\" must not occur in ON and GROUP clause at once",
      "sum(x, y)|1:9: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2",
      "x y|1:3: parse error: unexpected identifier \"y\"",
      "|1:1: parse error: no expression found in input",
      "foo{__name__=\"bar\"}|1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"",
      "x[1h:0s]|1:2: parse error: zero-length step in subquery",
      "\"a\\q\"|1:3: parse error: unknown escape sequence '\\q'",
  })
  void errorsNamePositionAndCause(String input, String message) {
    assertThatThrownBy(() -> PromqlParser.parse(input == null ? "" : input))
        .isInstanceOf(PromqlParseException.class)
        .hasMessage(message);
  }

  @Test
  void multiLineQueriesReportLineAndColumn() {
    assertThatThrownBy(() -> PromqlParser.parse("sum(\n  rate(x[5m])\n  +)"))
        .isInstanceOf(PromqlParseException.class)
        .satisfies(e -> {
          PromqlParseException p = (PromqlParseException) e;
          assertThat(p.line()).isEqualTo(3);
          assertThat(p.column()).isEqualTo(4);
        });
  }

  @Test
  void experimentalFunctionsCanBeRefused() {
    assertThatThrownBy(() -> PromqlParser.parse("mad_over_time(x[5m])", false))
        .hasMessageContaining("experimental functions are disabled");
    assertThat(PromqlParser.parse("mad_over_time(x[5m])", true)).isInstanceOf(Call.class);
  }

  @Test
  void deepNestingIsAParseErrorNotAStackOverflow() {
    String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
    assertThatThrownBy(() -> PromqlParser.parse(deep))
        .isInstanceOf(PromqlParseException.class)
        .hasMessageContaining("nested too deeply");
    String unary = "-".repeat(50_000) + "1";
    assertThatThrownBy(() -> PromqlParser.parse(unary)).isInstanceOf(PromqlParseException.class);
  }

  @Test
  void oversizedButValidInputParses() {
    StringBuilder sb = new StringBuilder("x0");
    for (int i = 1; i < 2_000; i++) {
      sb.append(" + x").append(i);
    }
    assertThat(PromqlParser.parse(sb.toString())).isInstanceOf(Binary.class);
  }

  @Test
  void everyTruncationOfAValidQueryFailsCleanly() {
    String q = "sum by (job) (rate(http_requests_total{job=~\"a.*\", code!=\"500\"}[5m] offset 1m @ 100)) "
        + "/ on(job) group_left max_over_time(topk(3, x)[10m:1m]) > bool 0.5 or absent(y)";
    PromqlParser.parse(q);
    for (int i = 0; i < q.length(); i++) {
      String prefix = q.substring(0, i);
      try {
        PromqlParser.parse(prefix);
      } catch (PromqlParseException expected) {
        assertThat(expected.getMessage()).matches("\\d+:\\d+: parse error: .+");
      }
    }
  }

  @Test
  void randomGarbageOnlyEverRaisesParseErrors() {
    Random random = new Random(42);
    String alphabet = "abcxyz_:019.eE+-*/%^=!~<>(){}[],@\"'`\\ \n#offsetbyonsumratebooligroup_leftInfNaN5m";
    for (int i = 0; i < 20_000; i++) {
      int len = random.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < len; j++) {
        sb.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = sb.toString();
      try {
        Expr e = PromqlParser.parse(input);
        assertThat(e).isNotNull();
      } catch (PromqlParseException expected) {
        assertThat(expected.getMessage()).contains("parse error");
      } catch (RuntimeException other) {
        throw new AssertionError("input " + input + " raised " + other, other);
      }
    }
  }
}
