package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ThreadDumpTest {

  @Test
  void seesVirtualThreadsThatThreadMxBeanMisses() throws Exception {
    ThreadDump before = ThreadDump.take();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    Thread direct;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var _ =
          executor.submit(
              () -> {
                started.countDown();
                release.await();
                return null;
              });
      direct =
          Thread.ofVirtual()
              .name("direct-virtual")
              .start(
                  () -> {
                    started.countDown();
                    try {
                      release.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      started.await();
      Threads.awaitWaiting(direct, 2_000);

      List<ThreadDump.DumpedThread> alive = ThreadDump.take().virtualStartedSince(before);

      assertThat(alive).hasSize(2).allMatch(ThreadDump.DumpedThread::virtual);
      assertThat(alive).anyMatch(t -> t.container().contains("ThreadPerTaskExecutor"));
      assertThat(alive)
          .filteredOn(t -> t.name().equals("direct-virtual"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.id()).isEqualTo(direct.threadId());
                assertThat(t.state()).isEqualTo("WAITING");
                assertThat(t.describe())
                    .startsWith("virtual thread \"direct-virtual\" WAITING")
                    .contains("ThreadDumpTest");
              });
      release.countDown();
    }
    direct.join();

    assertThat(ThreadDump.take().virtualStartedSince(before)).isEmpty();
  }

  @Test
  void listsPlatformThreadsToo() {
    ThreadDump dump = ThreadDump.take();

    assertThat(dump.threads())
        .anyMatch(t -> !t.virtual() && t.id() == Thread.currentThread().threadId());
    assertThat(dump.ids()).contains(Thread.currentThread().threadId());
  }

  @Test
  void readsTheJdkFormatWithEscapesAndEmptyStacks() {
    String json =
        """
        {"threadDump": {"processId": "1", "threadContainers": [
          {"container": "<root>", "parent": null, "threads": [
            {"tid": "7", "name": "a \\"quoted\\" \\u00e9", "state": "RUNNABLE", "stack": []},
            {"tid": "8", "virtual": true, "state": "WAITING",
             "stack": ["java.base\\/java.lang.VirtualThread.park(VirtualThread.java:1)", "app\\/\\/Mine.run(Mine.java:3)"]}
          ], "threadCount": "2"}
        ]}}
        """;

    ThreadDump dump = ThreadDump.parse(json);

    assertThat(dump.threads()).hasSize(2);
    assertThat(dump.threads().get(0).name()).isEqualTo("a \"quoted\" é");
    assertThat(dump.threads().get(0).virtual()).isFalse();
    assertThat(dump.threads().get(1).describe())
        .isEqualTo("virtual thread #8 WAITING at Mine.run(Mine.java:3)");
    assertThat(dump.virtualStartedSince(ThreadDump.parse(json.replace("\"8\"", "\"9\""))))
        .hasSize(1);
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThatThrownBy(() -> JsonText.parse("{\"a\": [1, 2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected ']'");
    assertThatThrownBy(() -> JsonText.parse("\"open")).hasMessageContaining("unterminated");
  }
}
