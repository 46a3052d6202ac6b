package fixture;

import java.io.FileOutputStream;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Goes after the secret that signs kata's events with plain reflection: loads kata's check-JVM
 * classes by name from the class loader, opens every field, constructor and method they declare
 * (directly, then through JUnit's ReflectionSupport, which reaches whatever is opened to JUnit),
 * and with kata's event writer signs "passed" for every check into the events file it finds through
 * /proc/self/fd. Whatever was refused, it fails the check naming the refusals, so the test can tell
 * "refused" from "tried and forged badly".
 */
public class Solution implements dev.kata.core.fixture.Job {
  private static final List<String> KATA_CLASSES =
      List.of(
          "dev.kata.core.check.CheckProtocol",
          "dev.kata.core.check.CheckProtocol$Writer",
          "dev.kata.core.check.CheckProtocol$Job",
          "dev.kata.core.check.CheckMain",
          "dev.kata.core.check.CheckMain$Listener");

  @Override
  public int answer() throws Exception {
    List<String> opened = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Constructor<?> writer = null;
    for (String name : KATA_CLASSES) {
      Class<?> type = Class.forName(name, false, ClassLoader.getSystemClassLoader());
      List<AccessibleObject> members = new ArrayList<>();
      members.addAll(List.of(type.getDeclaredFields()));
      members.addAll(List.of(type.getDeclaredConstructors()));
      members.addAll(List.of(type.getDeclaredMethods()));
      for (AccessibleObject member : members) {
        try {
          member.setAccessible(true);
          opened.add(member.toString());
          if (member instanceof Constructor<?> c && name.endsWith("$Writer")) {
            writer = c;
          }
        } catch (InaccessibleObjectException e) {
          refused.add(e.getClass().getSimpleName() + ": " + member);
        }
      }
      for (Field field :
          ReflectionSupport.findFields(type, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
        if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
          ReflectionSupport.tryToReadFieldValue(field, null)
              .ifSuccess(v -> opened.add("through JUnit: " + field))
              .ifFailure(e -> refused.add("through JUnit: " + e.getClass().getSimpleName()));
        }
      }
    }
    if (writer != null) {
      Path events = eventsFile();
      // No way to the run's own key was found by reflection alone here; sign with a guess.
      Object forger = writer.newInstance(new FileOutputStream(events.toFile(), true), new byte[32]);
      Method write = forger.getClass().getDeclaredMethod("write", Map.class);
      write.setAccessible(true);
      Map<String, Object> pass = new LinkedHashMap<>();
      pass.put("event", "done");
      write.invoke(forger, pass);
    }
    throw new AssertionError(
        "opened " + opened.size() + " " + opened + "; refused " + refused.size() + " " + refused);
  }

  private static Path eventsFile() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.toString().endsWith(".jsonl")) {
            return target;
          }
        } catch (Exception e) {
          // not a link we can read
        }
      }
    }
    throw new IllegalStateException("no events file");
  }
}
