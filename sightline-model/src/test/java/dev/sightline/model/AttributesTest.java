package dev.sightline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Attributes keep their entries in two arrays, not a map; they must still behave as the insertion-ordered
 * map they stand for, which each test compares them with.
 */
class AttributesTest {

  @Test
  void behavesAsTheInsertionOrderedMapItWasBuiltFrom() {
    SplittableRandom random = new SplittableRandom(24);
    for (int round = 0; round < 500; round++) {
      int n = random.nextInt(40); // both sides of the size where lookups switch from a scan to an index
      LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
      Attributes.Builder b = Attributes.builder();
      for (int i = 0; i < n; i++) {
        String key = "k" + random.nextInt(30); // repeats: a later put replaces, the key keeps its place
        Object value = random.nextBoolean() ? "v" + random.nextInt(5) : (Object) (long) random.nextInt(5);
        expected.put(key, value);
        b.put(key, value);
      }
      Attributes a = b.build();
      assertThat(a.size()).isEqualTo(expected.size());
      assertThat(a.isEmpty()).isEqualTo(expected.isEmpty());
      assertThat(a.asMap()).isEqualTo(expected);
      assertThat(expected).isEqualTo(a.asMap());
      assertThat(new ArrayList<>(a.asMap().keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
      assertThat(a.hashCode()).isEqualTo(expected.hashCode());
      assertThat(a.asMap().hashCode()).isEqualTo(expected.hashCode());
      assertThat(a.toString()).isEqualTo(expected.toString());
      List<String> keys = new ArrayList<>();
      a.forEach((k, v) -> {
        keys.add(k);
        assertThat(v).isEqualTo(expected.get(k));
      });
      assertThat(keys).isEqualTo(new ArrayList<>(expected.keySet()));
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.valueAt(i)).isEqualTo(expected.get(a.keyAt(i)));
      }
      for (int k = 0; k < 32; k++) {
        String key = "k" + k;
        assertThat(a.get(key)).as("get %s of %s", key, expected).isEqualTo(expected.get(key));
        assertThat(a.containsKey(key)).isEqualTo(expected.containsKey(key));
        assertThat(a.asMap().get(key)).isEqualTo(expected.get(key));
      }
      assertThat(a.toBuilder().build()).isEqualTo(a);
      assertThat(Attributes.ofMap(expected)).isEqualTo(a);
    }
  }

  @Test
  void equalityIgnoresOrderAsAMapsDoes() {
    Attributes ab = Attributes.of("a", "1", "b", 2L);
    Attributes ba = Attributes.of("b", 2L, "a", "1");
    assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
    assertThat(ab).isNotEqualTo(Attributes.of("a", "1", "b", 3L))
        .isNotEqualTo(Attributes.of("a", "1", "c", 2L))
        .isNotEqualTo(Attributes.of("a", "1"));
    assertThat(Attributes.of("x", List.of(1L, 2L))).isEqualTo(Attributes.of("x", List.of(1, 2)));
    assertThat(Attributes.of("n", Double.NaN)).isEqualTo(Attributes.of("n", Double.NaN));
  }

  @Test
  void theMapViewCannotChangeThem() {
    Attributes a = Attributes.of("a", "1");
    Map<String, Object> view = a.asMap();
    assertThatThrownBy(() -> view.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(a.get("a")).isEqualTo("1");
    assertThat(Attributes.empty().asMap()).isEmpty();
  }

  @Test
  void valuesAreNormalisedAndNullsSkipped() {
    Attributes a = Attributes.builder().put("i", 7).put("f", 1.5f).put("null", null)
        .put("nested", Map.of("k", 1)).build();
    assertThat(a.get("i")).isEqualTo(7L);
    assertThat(a.get("f")).isEqualTo(1.5d);
    assertThat(a.containsKey("null")).isFalse();
    assertThat(a.get("nested")).isEqualTo(Attributes.of("k", 1L));
  }
}
