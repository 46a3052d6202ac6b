package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.cli.CliRunner.Outcome;
import dev.kata.core.Json;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kata dev check} and {@code kata dev mutants}, driven as an author would. */
class DevCommandTest {

  @TempDir Path workspace;

  private Outcome kata(String... args) {
    return new CliRunner(workspace).kata(args);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void mutantsJsonListsEachMutantsOperatorLineDiffAndFateWithASummary() {
    Outcome outcome = kata("dev", "mutants", "--puzzle", "03", "--json");

    Map<String, Object> json = map(Json.parse(outcome.out()));
    assertThat(json).containsEntry("puzzle", "03").containsKeys("mutants", "summary", "stale");
    List<?> mutants = (List<?>) json.get("mutants");
    assertThat(mutants)
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(map(m)).containsKeys("operator", "line", "diff", "fate");
              assertThat(map(m).get("fate"))
                  .isIn("killed", "survived", "equivalent", "uncompilable");
            });
    Map<String, Object> summary = map(json.get("summary"));
    long counted =
        (long) summary.get("killed")
            + (long) summary.get("survived")
            + (long) summary.get("equivalent")
            + (long) summary.get("uncompilable");
    assertThat(counted).isEqualTo(mutants.size()).isEqualTo((long) summary.get("analysed"));
    assertThat(outcome.exitCode())
        .as("exit code: 0 only when none survived")
        .isEqualTo((long) summary.get("survived") == 0 ? 0 : 1);
  }

  @Test
  void checkRunsStarterReferenceWrongSolutionsAndMutantsThroughTheIsolatedRunner() {
    // Puzzle 01: the quickest to check; two mutants show the gate's line without running them all.
    Outcome outcome = kata("dev", "check", "--puzzle", "01", "--repeat", "1", "--mutants", "2");

    assertThat(outcome.out())
        .contains(
            "Puzzle 01",
            "the starter fails its checks",
            "the reference passes 1/1",
            "wrong solution",
            "puzzle 01:",
            "mutants");
    assertThat(outcome.exitCode()).isEqualTo(outcome.out().contains("problem") ? 1 : 0);
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    for (String[] args :
        List.of(
            new String[] {"dev", "mutants", "--puzzle", "nope"},
            new String[] {"dev", "mutants", "--puzzle", "03", "--limit", "0"},
            new String[] {"dev", "check", "--repeat", "0"},
            new String[] {
              "dev", "check", "--plugin", workspace.resolve("absent.jar").toString()
            })) {
      Outcome outcome = kata(args);
      assertThat(outcome.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(outcome.err().strip().lines().filter(l -> l.startsWith("kata:")).count())
          .as(String.join(" ", args))
          .isGreaterThanOrEqualTo(1);
      assertThat(outcome.err()).as(String.join(" ", args)).doesNotContain("\tat ");
    }
  }

  @Test
  void aBadMutantCountNamesTheOptionTheUserTyped() {
    Outcome outcome = kata("dev", "check", "--puzzle", "03", "--mutants", "none");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .contains("--mutants must be a positive number or 'all', not 'none'")
        .doesNotContain("--limit");
  }

  @Test
  void linkingNamesAChecksClassThatCallsAKataApiMethodThatDoesNotExist() throws Exception {
    Path jar = workspace.resolve("broken-checks.jar");
    byte[] broken =
        ClassFile.of()
            .build(
                ClassDesc.of("acme.BrokenChecks"),
                c ->
                    c.withMethodBody(
                        "run",
                        MethodTypeDesc.ofDescriptor("()V"),
                        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                        code ->
                            code.invokestatic(
                                    ClassDesc.of("dev.kata.api.check.TimeScale"),
                                    "noSuchMethod",
                                    MethodTypeDesc.ofDescriptor("()V"))
                                .invokestatic(
                                    ClassDesc.of("dev.kata.api.check.TimeScale"),
                                    "factor",
                                    MethodTypeDesc.ofDescriptor("()D"))
                                .pop2()
                                .return_()));
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("acme/BrokenChecks.class"));
      out.write(broken);
      out.closeEntry();
    }

    List<String> problems = DevCheckCommand.linkProblems(jar, List.of());

    assertThat(problems)
        .singleElement()
        .asString()
        .contains(
            "broken-checks.jar",
            "acme.BrokenChecks",
            "method dev.kata.api.check.TimeScale.noSuchMethod()V",
            "a problem of the puzzle, not of the learner");
  }
}
