package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What crosses the process boundary: the job line, and the signed events as kata reads them. */
class CheckProtocolTest {

  private final SignedEvents writer = new SignedEvents();
  private final byte[] key = writer.key();

  @Test
  void aLastLineCutShortByADyingJvmIsNotTampering() {
    plan("a");
    List<String> lines = new ArrayList<>(lines());
    lines.add("3f2a {\"seq\":1,\"event\":\"sta");

    CheckProtocol.Reading reading = CheckProtocol.read(lines, key);

    assertThat(reading.forged()).isEmpty();
    assertThat(reading.events()).hasSize(1);
  }

  @Test
  void aJobLineCarriesEveryFieldAcross() {
    String line =
        CheckProtocol.jobLine(
            "p.Solution", Path.of("classes dir"), Path.of("run", "events.jsonl"), 1234, key);

    CheckProtocol.Job read = CheckProtocol.Job.parse(line.strip());

    assertThat(read.className()).isEqualTo("p.Solution");
    assertThat(read.classes()).isEqualTo(Path.of("classes dir"));
    assertThat(read.events()).isEqualTo(Path.of("run", "events.jsonl"));
    assertThat(read.limitMillis()).isEqualTo(1234);
    assertThat(read.key()).isEqualTo(key);
  }

  private void plan(String... ids) {
    List<Map<String, String>> checks = new ArrayList<>();
    for (String id : ids) {
      checks.add(Map.of(CheckProtocol.ID, id, CheckProtocol.NAME, id));
    }
    writer.write(Map.of(CheckProtocol.EVENT, CheckProtocol.PLAN, CheckProtocol.CHECKS, checks));
  }

  private List<String> lines() {
    return writer.lines();
  }
}
