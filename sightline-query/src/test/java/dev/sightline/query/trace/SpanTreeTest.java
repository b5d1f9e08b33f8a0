package dev.sightline.query.trace;

import static dev.sightline.query.trace.Spans.id;
import static dev.sightline.query.trace.Spans.span;
import static dev.sightline.model.SpanKind.INTERNAL;
import static dev.sightline.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

  @Test
  void singleRootTreeWithChildrenInStartOrder() {
    SpanTree tree = SpanTree.of(List.of(
        span("1", null, "svc", SERVER, "root", 0, 100),
        span("3", "1", "svc", INTERNAL, "late", 50, 60),
        span("2", "1", "svc", INTERNAL, "early", 10, 20),
        span("4", "2", "svc", INTERNAL, "grandchild", 11, 12)));
    assertThat(tree.hasSyntheticRoot()).isFalse();
    assertThat(tree.size()).isEqualTo(4);
    assertThat(tree.spanId(tree.root())).isEqualTo(id("1"));
    int[] children = tree.children(tree.root());
    assertThat(Arrays.stream(children).mapToObj(tree::name)).containsExactly("early", "late");
    assertThat(tree.parent(tree.indexOf(id("4")))).isEqualTo(tree.indexOf(id("2")));
    assertThat(tree.indexOf("ffffffffffffffff")).isEqualTo(-1);
    assertThat(tree.orphanSpanIds()).isEmpty();
  }

  @Test
  void twoRootsGetASyntheticParent() {
    SpanTree tree = SpanTree.of(List.of(
        span("1", null, "a", SERVER, "one", 0, 10),
        span("2", null, "b", SERVER, "two", 5, 30)));
    assertThat(tree.hasSyntheticRoot()).isTrue();
    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.isSynthetic(tree.root())).isTrue();
    assertThat(tree.span(tree.root())).isNull();
    assertThat(tree.spanId(tree.root())).isEqualTo(SpanTree.SYNTHETIC_ROOT_ID);
    assertThat(tree.service(tree.root())).isEmpty();
    assertThat(tree.children(tree.root())).hasSize(2);
    // Two true roots are not orphans: their parent is not missing, there are just two of them.
    assertThat(tree.orphanSpanIds()).isEmpty();
  }
}
