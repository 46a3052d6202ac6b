package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortenedTimeoutsTest {

  @TempDir static Path classes;

  /** A "solution" that gives up after an hour, in each kind of timed wait. */
  @BeforeAll
  static void compileSolution() throws IOException {
    Path source = classes.resolve("src/timed/Waits.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package timed;
        import java.util.concurrent.*;
        public class Waits implements java.util.function.Predicate<String> {
          @Override public boolean test(String kind) {
            try {
              switch (kind) {
                case "latch": return new CountDownLatch(1).await(1, TimeUnit.HOURS);
                case "future": new CompletableFuture<String>().get(1, TimeUnit.HOURS); return true;
                case "wait": synchronized (this) { wait(3_600_000L); } return false;
                case "join": Thread t = Thread.ofPlatform().start(this::block);
                  t.join(java.time.Duration.ofHours(1)); boolean alive = t.isAlive();
                  t.interrupt(); return !alive;
                case "poll-zero": return new LinkedBlockingQueue<String>().poll(0, TimeUnit.SECONDS) != null;
                default: throw new IllegalArgumentException(kind);
              }
            } catch (TimeoutException e) {
              return false;
            } catch (InterruptedException | ExecutionException e) {
              throw new IllegalStateException(e);
            }
          }
          private synchronized void block() {
            try { wait(); } catch (InterruptedException e) { }
          }
        }
        """);
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.resolve("out").toString(), source.toString());
    assertThat(status).isZero();
  }

  @SuppressWarnings("unchecked")
  private static Predicate<String> shortened(int factor) throws Exception {
    URL out = classes.resolve("out").toUri().toURL();
    var loader =
        new RewritingLoader("test", List.of(out), getLoader(), ShortenedTimeouts.transform(factor));
    return Class.forName("timed.Waits", true, loader)
        .asSubclass(Predicate.class)
        .getDeclaredConstructor()
        .newInstance();
  }

  private static ClassLoader getLoader() {
    return ShortenedTimeoutsTest.class.getClassLoader();
  }

  @Test
  void interleavingsRefuseToExploreARewrittenClassRatherThanPassIt() throws Exception {
    record Scene(Predicate<String> solution) {}
    Scene scene = new Scene(shortened(1000));

    assertThatThrownBy(() -> Interleavings.LoaderBridge.register(scene))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timed.Waits")
        .hasMessageContaining("every interleaving would pass");
  }

  @Test
  void anHourLongTimedWaitGivesUpWithinSecondsWhenShortenedAMillionTimes() throws Exception {
    Predicate<String> waits = shortened(1_000_000); // an hour becomes 3.6 ms
    for (String kind : List.of("latch", "future", "wait", "join")) {
      assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> waits.test(kind), kind))
          .as(kind + " timed out")
          .isFalse();
    }
  }

  @Test
  void zeroStaysZero() throws Exception {
    assertThat(shortened(1000).test("poll-zero")).isFalse();
    assertThat(ShortenedTimeouts.shorten(0, 1000)).isZero();
    assertThat(ShortenedTimeouts.shorten(-5, 1000)).isEqualTo(-5);
  }

  @Test
  void aPositiveTimeoutStaysPositiveAndAHugeOneStaysHuge() {
    assertThat(ShortenedTimeouts.shorten(5, 1000)).isEqualTo(1); // wait(0) would mean forever
    assertThat(ShortenedTimeouts.shorten(Long.MAX_VALUE, TimeUnit.NANOSECONDS, 1000))
        .isEqualTo(Long.MAX_VALUE / 1000);
    assertThat(ShortenedTimeouts.shorten(1, TimeUnit.HOURS, 1_000_000)).isEqualTo(3_600_000L);
    assertThat(ShortenedTimeouts.shorten(Duration.ofSeconds(10), 1000))
        .isEqualTo(Duration.ofMillis(10));
    assertThat(ShortenedTimeouts.shorten(Duration.ofNanos(10), 1000))
        .isEqualTo(Duration.ofNanos(1));
    assertThat(ShortenedTimeouts.shorten(Duration.ZERO, 1000)).isEqualTo(Duration.ZERO);
  }
}
