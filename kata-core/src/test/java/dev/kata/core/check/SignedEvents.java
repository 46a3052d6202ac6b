package dev.kata.core.check;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Events signed as a check JVM signs them, under a secret of their own: for tests of kata's side,
 * which read real, authenticated lines without the check JVM's writer being public.
 */
public final class SignedEvents {
  private final byte[] key = CheckProtocol.newKey();
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private final CheckProtocol.Writer writer = new CheckProtocol.Writer(file, key);

  /** Append one event, signed and numbered. */
  public void write(Map<String, ?> event) {
    writer.write(event);
  }

  /** Get the lines written so far. */
  public List<String> lines() {
    return file.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** Get the secret the lines are signed with. */
  public byte[] key() {
    return key.clone();
  }
}
