package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a check keeps of the solution's output: all of it up to the cap, then a note of what was
 * cut.
 */
class OutputCaptureTest {

  @Test
  void outputUnderTheCapIsKeptWholeWithoutANote() {
    CheckMain.Capture capture = new CheckMain.Capture(16);

    capture.write("hello\n".getBytes(StandardCharsets.UTF_8), 0, 6);

    assertThat(capture.take()).isEqualTo("hello\n");
  }

  @Test
  void outputOverTheCapEndsWithANoteOfHowManyBytesWereCut() {
    CheckMain.Capture capture = new CheckMain.Capture(2048);
    byte[] line = "0123456789\n".getBytes(StandardCharsets.UTF_8);

    for (int i = 0; i < 200; i++) { // 2200 bytes: 152 over the cap
      capture.write(line, 0, line.length);
    }
    capture.write('!');

    String text = capture.take();
    assertThat(text)
        .startsWith("0123456789\n")
        .endsWith(
            "[kata: 153 more bytes cut; a check keeps the first 2 KB of"
                + " what your code prints]");
    assertThat(capture.take()).as("the next check starts empty, with nothing cut").isEmpty();
  }
}
