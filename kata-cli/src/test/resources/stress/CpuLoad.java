/**
 * Load on every core while the stress run checks solutions: a separate process (run with {@code
 * java CpuLoad.java N}) whose N threads spin until its standard input closes.
 *
 * <p>It is a process of its own, not threads of the stress run's JVM, because a wrong solution's
 * checks run in that JVM, and kata's standstill watch ends a check's bounded wait once every thread
 * of the JVM waits for another. Spinning threads there would never wait, so every such check would
 * run to its bound: the stress run would measure times no learner sees, and take hours.
 */
public class CpuLoad {

  static volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    for (int i = 0; i < threads; i++) {
      Thread.ofPlatform()
          .name("load-" + i)
          .daemon(true)
          .start(
              () -> {
                long x = 0;
                while (running) {
                  x += System.nanoTime() % 7;
                }
                if (x == 42) {
                  System.out.print("");
                }
              });
    }
    System.out.println("cpu load running");
    System.out.flush();
    while (System.in.read() != -1) {
      // until the stress run closes our standard input
    }
    running = false;
    System.out.println("cpu load: " + threads + " spinning threads");
    System.exit(0);
  }
}
