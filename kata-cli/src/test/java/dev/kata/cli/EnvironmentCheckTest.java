package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad values of the environment variables kata reads: one line, exit 2, before anything runs. */
class EnvironmentCheckTest {

  @ParameterizedTest
  @CsvSource({
    "KATA_SEED, abc",
    "KATA_SEED, 1.5",
    "KATA_TIME_FACTOR, abc",
    "KATA_TIME_FACTOR, 0",
    "KATA_TIME_FACTOR, -2",
    "KATA_TIME_FACTOR, NaN",
    "KATA_TIME_FACTOR, Infinity",
    "KATA_TIME_FACTOR, 1e300"
  })
  void aBadValueIsOneLineAndExitTwo(String variable, String value) {
    StringWriter err = new StringWriter();
    CommandLine cli = Kata.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int code = Kata.execute(cli, new String[] {"list"}, Map.of(variable, value));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("kata: " + variable + " must be")
        .contains("'" + value + "'")
        .doesNotContain("\n", "Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", " -7 ", "0.1", "2", "1000"})
  void goodValuesPass(String value) {
    assertThat(
            EnvironmentCheck.problem(
                Map.of(
                    "KATA_SEED",
                    value.contains(".") ? "1" : value,
                    "KATA_TIME_FACTOR",
                    value.strip().startsWith("-") ? "1" : value)))
        .isEmpty();
  }
}
