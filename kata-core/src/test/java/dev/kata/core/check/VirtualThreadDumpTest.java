package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The JSON thread dump read directly: by a dump written here, and by a real one of this JVM. */
class VirtualThreadDumpTest {

  /** A dump as HotSpot writes it: one platform thread, two virtual ones. */
  private static final String DUMP =
      """
      {"threadDump": {"processId": "1", "time": "now", "runtimeVersion": "25",
        "threadContainers": [
          {"container": "<root>", "parent": null, "owner": null, "threads": [
            {"tid": "1", "name": "main", "stack": ["java.base/java.lang.Thread.sleep(Thread.java:1)"]},
            {"tid": "21", "virtual": true, "name": "worker", "state": "BLOCKED",
             "blockedOn": "java.lang.Object@1a2b",
             "monitorsOwned": [{"depth": 0, "locks": ["java.lang.Object@3c4d", "java.lang.Object@5e6f"]}],
             "stack": ["app//com.example.Bank.transfer(Bank.java:12)",
                       "java.base/java.lang.VirtualThread.run(VirtualThread.java:1)"]}
          ]},
          {"container": "java.util.concurrent.ThreadPerTaskExecutor@1", "threads": [
            {"tid": "22", "virtual": true, "state": "WAITING",
             "parkBlocker": {"object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@7a8b"},
             "stack": []}
          ]}
        ]}}
      """;

  @Test
  void readsVirtualThreadsOnlyWithWhatTheyHoldAndWaitFor() {
    List<VirtualThreadDump.VirtualThread> threads = VirtualThreadDump.parse(DUMP, Map.of(22L, 21L));

    assertThat(threads).extracting(VirtualThreadDump.VirtualThread::id).containsExactly(21L, 22L);
    VirtualThreadDump.VirtualThread blocked = threads.get(0);
    assertThat(blocked.name()).isEqualTo("worker");
    assertThat(blocked.state()).isEqualTo("BLOCKED");
    assertThat(blocked.blockedOn()).isEqualTo("java.lang.Object@1a2b");
    assertThat(blocked.parkedOn()).isNull();
    assertThat(blocked.parkedOnOwner()).isNull();
    assertThat(blocked.monitorsOwned())
        .containsExactly("java.lang.Object@3c4d", "java.lang.Object@5e6f");
    assertThat(blocked.stack()).hasSize(2);
    VirtualThreadDump.VirtualThread parked = threads.get(1);
    assertThat(parked.name()).as("a virtual thread without a name").isEmpty();
    assertThat(parked.blockedOn()).isNull();
    assertThat(parked.parkedOn())
        .isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync@7a8b");
    assertThat(parked.parkedOnOwner())
        .as("the owner comes from the live threads, not the dump")
        .isEqualTo(21L);
    assertThat(parked.monitorsOwned()).isEmpty();
  }

  @Test
  void framesLoseTheirModuleAndLoaderPrefixes() {
    assertThat(VirtualThreadDump.frameName("app//com.example.Bank.transfer(Bank.java:12)"))
        .isEqualTo("com.example.Bank.transfer(Bank.java:12)");
    assertThat(VirtualThreadDump.frameName("java.base/java.lang.Thread.run(Thread.java:1)"))
        .isEqualTo("java.lang.Thread.run(Thread.java:1)");
    assertThat(VirtualThreadDump.frameName("com.example.A.b(A.java:3)"))
        .isEqualTo("com.example.A.b(A.java:3)");
    assertThat(
            VirtualThreadDump.readableFrames(
                List.of(
                    "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:1)",
                    "app//com.example.Bank.transfer(Bank.java:12)"),
                4))
        .as("the code's own frames first")
        .containsExactly("com.example.Bank.transfer(Bank.java:12)");
  }

  @Test
  // held before the waiter starts, so that it must queue on it
  @SuppressWarnings("LockNotBeforeTry")
  void aRealDumpOfThisJvmShowsAVirtualThreadParkedOnALock() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    lock.lock();
    Thread waiter =
        Thread.ofVirtual()
            .name("kata-dump-test")
            .unstarted(
                () -> {
                  lock.lock();
                  try {
                    Thread.onSpinWait(); // it only had to queue for the lock
                  } finally {
                    lock.unlock();
                  }
                });
    try {
      waiter.start();
      while (!lock.hasQueuedThread(waiter)) {
        Thread.onSpinWait(); // queued on the lock: it parks there until this thread lets go
      }
      List<VirtualThreadDump.VirtualThread> threads = VirtualThreadDump.capture();

      assertThat(threads)
          .filteredOn(v -> v.id() == waiter.threadId())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.name()).isEqualTo("kata-dump-test");
                assertThat(v.stack())
                    .anySatisfy(frame -> assertThat(frame).contains("ReentrantLock"));
              });
    } finally {
      lock.unlock();
      waiter.join();
    }
  }
}
