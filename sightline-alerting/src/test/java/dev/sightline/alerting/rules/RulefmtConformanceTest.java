package dev.sightline.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rulefmt cases of Prometheus (testdata of model/rulefmt): good files load, bad files fail with the
 * message Prometheus's test expects, located at a line. legacy_validation_* are run under the legacy
 * name scheme, as Prometheus's test runs them.
 */
class RulefmtConformanceTest {
  static final Path DIR = Path.of("src/test/resources/rules/rulefmt");

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("bad_expr.bad.yaml", "parse error", 5),
        Arguments.of("bad_field.bad.yaml", "field annotation not found", 8),
        Arguments.of("duplicate_grp.bad.yaml", "groupname: \"yolo\" is repeated in the same file", 3),
        Arguments.of("invalid_label_name.bad.yaml", "invalid label name", 7),
        Arguments.of("invalid_record_name.bad.yaml", "braces present in the recording rule name", 4),
        Arguments.of("legacy_validation_annotation.bad.yaml", "invalid annotation name", 7),
        Arguments.of("no_rec_alert.bad.yaml", "one of 'record' or 'alert' must be set", 4),
        Arguments.of("noexpr.bad.yaml", "field 'expr' must be set in rule", 4),
        Arguments.of("record_and_alert.bad.yaml", "only one of 'record' and 'alert' must be set", 4),
        Arguments.of("record_and_for.bad.yaml", "invalid field 'for' in recording rule", 6),
        Arguments.of("record_and_keep_firing_for.bad.yaml", "invalid field 'keep_firing_for' in recording rule", 6));
  }

  static NameValidation scheme(String file) {
    return file.startsWith("legacy_validation") ? NameValidation.LEGACY : NameValidation.UTF8;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badFilesFailWithTheReasonAndLine(String file, String message, int line) {
    RuleFileParser p = RuleFileParser.builder().nameValidation(scheme(file)).build();
    assertThatThrownBy(() -> p.parse(DIR.resolve(file)))
        .isInstanceOfSatisfying(RuleFileException.class, e -> {
          assertThat(e.errors()).anySatisfy(err -> {
            assertThat(err.message()).contains(message);
            assertThat(err.line()).isEqualTo(line);
            assertThat(err.toString()).startsWith(DIR.resolve(file) + ":" + line + ":");
          });
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodFiles")
  void goodFilesLoad(String file) throws Exception {
    RuleFile f = RuleFileParser.builder().nameValidation(scheme(file)).build().parse(DIR.resolve(file));
    assertThat(f.groups()).isNotEmpty();
  }

  static Stream<String> goodFiles() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.contains(".bad.")).sorted().toList();
      assertThat(names).contains("test.yaml", "test_aliases.yaml", "utf-8_annotation.good.yaml");
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allBad")
  void everyBadFileIsCovered(String file) {
    assertThat(bad().map(a -> (String) a.get()[0])).contains(file);
  }

  static Stream<String> allBad() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".bad.")).sorted().toList().stream();
    }
  }
}
