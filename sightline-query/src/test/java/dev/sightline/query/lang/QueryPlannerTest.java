package dev.sightline.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {
  private final QueryPlanner planner = QueryPlanner.defaults();

  @Test
  void selectIsAPlainQuery() {
    QueryPlan plan = planner.plan("  select count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'");
    assertThat(plan.kind()).isEqualTo(QueryPlan.Kind.QUERY);
    assertThat(plan.queries()).singleElement().extracting(Query::isAggregated).isEqualTo(true);
  }

  @Test
  void bareConditionListsMatchingLogsNewestFirst() {
    QueryPlan plan = planner.plan("level = 'ERROR' AND region = 'US-EAST'");
    assertThat(plan.kind()).isEqualTo(QueryPlan.Kind.SEARCH);
    Query q = plan.queries().get(0);
    assertThat(q.dataset()).isEqualTo(Dataset.LOGS);
    assertThat(q.selectsAll()).isTrue();
    assertThat(q.where()).isEqualTo(Filter.and(Filter.eq("level", Value.of("ERROR")), Filter.eq("region", Value.of("US-EAST"))));
    assertThat(q.orderBy()).get().extracting(OrderBy::key, OrderBy::descending).containsExactly("timestamp", true);
    assertThat(q.limit()).hasValue(100);
    // A field whose name starts with "select" is not a SELECT.
    assertThat(planner.plan("selected = 1").kind()).isEqualTo(QueryPlan.Kind.SEARCH);
    assertThat(planner.plan("'payment declined'").queries().get(0).where())
        .isEqualTo(new Filter.MessageContains("payment declined"));
  }

  @Test
  void bareTraceIdCorrelatesLogsAndSpansOldestFirst() {
    String id = "4BF92F3577B34DA6A3CE929D0E0E4736";
    QueryPlan plan = planner.plan(" " + id + "\n");
    assertThat(plan.kind()).isEqualTo(QueryPlan.Kind.CORRELATION);
    assertThat(plan.correlationValue()).isEqualTo(id);
    assertThat(plan.queries()).extracting(Query::dataset).containsExactly(Dataset.LOGS, Dataset.SPANS);
    Filter expected = Filter.or(
        Filter.eq("trace_id", Value.of(id.toLowerCase())),
        Filter.eq("correlation_id", Value.of(id)),
        Filter.eq("request_id", Value.of(id)),
        Filter.eq("x-request-id", Value.of(id)));
    for (Query q : plan.queries()) {
      assertThat(q.where()).isEqualTo(expected);
      assertThat(q.orderBy()).get().extracting(OrderBy::key, OrderBy::descending).containsExactly("timestamp", false);
      assertThat(q.limit()).hasValue(10_000);
    }
  }

  @Test
  void bareCorrelationIdUsesTheConfiguredFields() {
    QueryPlanner custom = QueryPlanner.builder().correlationFields(List.of("req", "http.request_id"))
        .correlationLimit(50).build();
    QueryPlan plan = custom.plan("req-7f3a9");
    assertThat(plan.kind()).isEqualTo(QueryPlan.Kind.CORRELATION);
    assertThat(plan.queries().get(0).where()).isEqualTo(Filter.or(
        Filter.eq("req", Value.of("req-7f3a9")), Filter.eq("http.request_id", Value.of("req-7f3a9"))));
    assertThat(plan.queries().get(1).limit()).hasValue(50);
    assertThat(planner.plan("2f1c6a0e-33b1-4f0e-9a53-1f2d3c4b5a69").kind()).isEqualTo(QueryPlan.Kind.CORRELATION);
  }

  @Test
  void aBareWordWithoutDigitsIsAConditionErrorThatSuggestsQuoting() {
    assertThatThrownBy(() -> planner.plan("timeout"))
        .isInstanceOf(ParseException.class)
        .hasMessage("line 1, column 8 (offset 7): expected an operator after field 'timeout': = != < <= > >= IN"
            + " CONTAINS LIKE MATCHES EXISTS (to search the message, quote the text: 'words') but found end of input");
    assertThatThrownBy(() -> planner.plan("   "))
        .isInstanceOf(ParseException.class)
        .hasMessage("line 1, column 1 (offset 0): expected a query, a condition or a trace id but found empty input");
    assertThatThrownBy(() -> planner.plan("level = 'x' LIMIT 5"))
        .isInstanceOf(ParseException.class)
        .hasMessage("line 1, column 13 (offset 12): expected AND, OR or end of condition but found LIMIT");
  }

  @Test
  void planCanBeNarrowedToATimeRange() {
    QueryPlan plan = planner.plan("4bf92f3577b34da6a3ce929d0e0e4736").withTimeRange(5, 9);
    assertThat(plan.queries()).allSatisfy(q -> assertThat(q.where()).isInstanceOfSatisfying(Filter.And.class,
        a -> assertThat(a.operands()).last().isEqualTo(new Filter.TimeRange(5, 9))));
  }
}
