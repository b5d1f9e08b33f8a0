package dev.sightline.query.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The critical path, in the way Jaeger UI computes it: start at the root's end and walk back in time.
 * At each step the span's last-finishing child (among those ending no later than the current point) is
 * what the span was waiting for: the time between that child's end and the current point is the span's
 * own, the path descends into the child, and on return continues from the child's start. When no child
 * is left, the rest down to the span's start is the span's own.
 *
 * <p>Children are first clipped to their (clipped) parent; a child entirely outside it cannot be on the
 * path. A child ending after the current point overlaps a later path step and is skipped, as Jaeger does.
 * The walk uses an explicit stack, so a 10,000-deep trace does not overflow.
 */
final class CriticalPathWalker {
  private CriticalPathWalker() {}

  /** A segment: during [start, end) the path is on {@code node}'s own time. */
  record Step(int node, long start, long end) {}

  static List<Step> walk(SpanTree tree, Timeline t) {
    int size = tree.size();
    long[] effStart = new long[size];
    long[] effEnd = new long[size];
    boolean[] onTimeline = new boolean[size];
    int root = tree.root();
    effStart[root] = t.start[root];
    effEnd[root] = t.end[root];
    onTimeline[root] = true;
    for (int u : Timeline.topDownOrder(tree)) {
      for (int c : tree.children(u)) {
        effStart[c] = Math.max(t.start[c], effStart[u]);
        effEnd[c] = Math.min(t.end[c], effEnd[u]);
        onTimeline[c] = onTimeline[u] && effStart[c] <= effEnd[c];
      }
    }

    List<Step> backwards = new ArrayList<>();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, effEnd[root], byEndDescending(tree.children(root), effEnd, onTimeline)));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      while (f.next < f.children.length && effEnd[f.children[f.next]] > f.cursor) {
        f.next++;
      }
      if (f.next < f.children.length) {
        int c = f.children[f.next++];
        if (effEnd[c] < f.cursor) {
          backwards.add(new Step(f.node, effEnd[c], f.cursor));
        }
        f.cursor = effStart[c];
        stack.push(new Frame(c, effEnd[c], byEndDescending(tree.children(c), effEnd, onTimeline)));
      } else {
        if (effStart[f.node] < f.cursor) {
          backwards.add(new Step(f.node, effStart[f.node], f.cursor));
        }
        stack.pop();
      }
    }
    Collections.reverse(backwards);
    return backwards;
  }

  private static int[] byEndDescending(int[] children, long[] effEnd, boolean[] onTimeline) {
    Integer[] kept = Arrays.stream(children).filter(c -> onTimeline[c]).boxed().toArray(Integer[]::new);
    Arrays.sort(kept, (a, b) -> Long.compare(effEnd[b], effEnd[a]));
    int[] out = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      out[i] = kept[i];
    }
    return out;
  }

  /** Where the walk stands inside one span: the point in time reached, and the next child to consider. */
  private static final class Frame {
    final int node;
    final int[] children;
    long cursor;
    int next;

    Frame(int node, long cursor, int[] children) {
      this.node = node;
      this.cursor = cursor;
      this.children = children;
    }
  }
}
