package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The configuration kata gives JUnit holds whatever else is on the class path. */
class CheckSettingsTest {

  /** Names of the threads the two checks below ran on. */
  static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

  /** Two checks that wait for each other a little: in parallel mode they overlap. */
  public static class TwoChecksTestCase {
    static volatile CountDownLatch both = new CountDownLatch(2);

    @Test
    void first() throws InterruptedException {
      meet();
    }

    @Test
    void second() throws InterruptedException {
      meet();
    }

    private static void meet() throws InterruptedException {
      THREADS.add(Thread.currentThread().getName());
      both.countDown();
      // In sequence the first check gives up waiting for the second; in parallel they meet.
      both.await(200, TimeUnit.MILLISECONDS);
    }
  }

  @TempDir Path classPath;

  @Test
  void checksRunOneAtATimeEvenWhenAJunitPlatformPropertiesOnTheClassPathTurnsOnParallelMode()
      throws IOException {
    Files.writeString(
        classPath.resolve("junit-platform.properties"),
        """
        junit.jupiter.execution.parallel.enabled=true
        junit.jupiter.execution.parallel.mode.default=concurrent
        """);
    // The file is effective: without kata's settings, the checks run on JUnit's ForkJoinPool.
    assertThat(threadsOfARun(Map.of())).anyMatch(name -> name.startsWith("ForkJoinPool"));
    // With them, never: each on kata's own check thread (its time limit), one after the other.
    assertThat(threadsOfARun(CheckSettings.forSolution(List.of(), "none")))
        .isNotEmpty()
        .noneMatch(name -> name.startsWith("ForkJoinPool"));
  }

  private Set<String> threadsOfARun(Map<String, String> parameters) throws IOException {
    THREADS.clear();
    TwoChecksTestCase.both = new CountDownLatch(2);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader withProperties =
        new URLClassLoader(new URL[] {classPath.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(withProperties);
      var summary = new SummaryGeneratingListener();
      // The launcher reads junit-platform.properties through the thread's context class loader,
      // as the check JVM's launcher does from its class path.
      LauncherFactory.create()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(DiscoverySelectors.selectClass(TwoChecksTestCase.class))
                  .configurationParameters(parameters)
                  .build(),
              summary);
      assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
    } finally {
      thread.setContextClassLoader(previous);
    }
    return Set.copyOf(THREADS);
  }
}
