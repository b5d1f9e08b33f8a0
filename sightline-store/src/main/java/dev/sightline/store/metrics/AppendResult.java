package dev.sightline.store.metrics;

import java.util.List;

/** What a commit stored and what it refused, with one message a refused kind (for the client). */
public record AppendResult(int accepted, int outOfOrder, int rejectedByLimit, List<String> errors) {
  public AppendResult {
    errors = List.copyOf(errors);
  }

  public boolean allAccepted() {
    return outOfOrder == 0 && rejectedByLimit == 0;
  }
}
