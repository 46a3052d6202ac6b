package dev.kata.api.check;

import java.lang.classfile.CodeTransform;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shorten every timeout the solution's code passes to the JDK's timed waits, {@code factor} times,
 * for contracts whose waits have no time limit: a wait that gives up at a limit of its own then
 * gives up within a check's short hold, on every run, while a correct wait (untimed, a timed wait
 * that waits again, {@code Long.MAX_VALUE}) is unchanged in effect. Switched on for a puzzle's
 * checks by {@link PuzzleChecks#timeoutsShortenedBy()}.
 *
 * <p>Shortened: the {@code long, TimeUnit} pair that ends the arguments of a JDK method ({@code
 * Future.get}, {@code awaitTermination}, {@code await}, {@code poll}, {@code offer}, {@code
 * tryAcquire}, {@code join} of a {@code CompletableFuture}...), {@code Object.wait(long)}, {@code
 * Thread.join(long)}, {@code Thread.sleep(long)}, {@code Condition.awaitNanos}, {@code
 * LockSupport.parkNanos} and {@code Thread.join/sleep(Duration)}. A positive timeout stays positive
 * (0 means "forever" to {@code wait} and {@code join}); zero and negative ones are left alone.
 *
 * <p>The public methods are called by the rewritten solution code; they are not for checks.
 *
 * @since 0.1
 */
public final class ShortenedTimeouts {

  private static final ClassDesc SELF = ClassDesc.of(ShortenedTimeouts.class.getName());
  private static final ClassDesc TIME_UNIT = ClassDesc.of(TimeUnit.class.getName());
  private static final ClassDesc DURATION = ClassDesc.of(Duration.class.getName());
  private static final MethodTypeDesc WITH_UNIT =
      MethodTypeDesc.of(
          ConstantDescs.CD_long, ConstantDescs.CD_long, TIME_UNIT, ConstantDescs.CD_int);
  private static final MethodTypeDesc LONG =
      MethodTypeDesc.of(ConstantDescs.CD_long, ConstantDescs.CD_long, ConstantDescs.CD_int);
  private static final MethodTypeDesc OF_DURATION =
      MethodTypeDesc.of(DURATION, DURATION, ConstantDescs.CD_int);
  private static final List<String> LONG_WAITS =
      List.of("wait", "join", "sleep", "awaitNanos", "parkNanos");

  private ShortenedTimeouts() {}

  /**
   * A timeout in a unit, shortened, in nanoseconds (an hour shortened a million times is 3.6 ms,
   * which no count of hours can say).
   *
   * @param timeout the solution's timeout
   * @param unit its unit
   * @param factor how many times shorter
   * @return the timeout to wait instead, in nanoseconds
   */
  public static long shorten(long timeout, TimeUnit unit, int factor) {
    return shorten(unit.toNanos(timeout), factor);
  }

  /**
   * A timeout, shortened.
   *
   * @param timeout the solution's timeout, in milliseconds or nanoseconds
   * @param factor how many times shorter
   * @return the timeout to wait instead, in the same unit
   */
  public static long shorten(long timeout, int factor) {
    return timeout <= 0 ? timeout : Math.max(1, timeout / factor);
  }

  /**
   * A duration, shortened.
   *
   * @param timeout the solution's timeout
   * @param factor how many times shorter
   * @return the timeout to wait instead
   */
  public static Duration shorten(Duration timeout, int factor) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      return timeout;
    }
    Duration shorter = timeout.dividedBy(factor);
    return shorter.isZero() ? Duration.ofNanos(1) : shorter;
  }

  /** The rewrite: each timed wait's timeout argument goes through {@link #shorten} first. */
  static CodeTransform transform(int factor) {
    return (code, element) -> {
      if (element instanceof InvokeInstruction invoke && !invoke.name().equalsString("<init>")) {
        MethodTypeDesc type = invoke.typeSymbol();
        List<ClassDesc> parameters = type.parameterList();
        int n = parameters.size();
        boolean jdk = invoke.owner().asInternalName().startsWith("java/");
        String name = invoke.name().stringValue();
        if (jdk
            && n >= 2
            && parameters.get(n - 2).equals(ConstantDescs.CD_long)
            && parameters.get(n - 1).equals(TIME_UNIT)) {
          // ..., timeout, unit -> ..., shorter in nanoseconds, NANOSECONDS
          int unit = code.allocateLocal(TypeKind.REFERENCE);
          code.astore(unit);
          code.aload(unit);
          code.loadConstant(factor);
          code.invokestatic(SELF, "shorten", WITH_UNIT);
          code.getstatic(TIME_UNIT, "NANOSECONDS", TIME_UNIT);
        } else if (n >= 1
            && parameters.get(n - 1).equals(ConstantDescs.CD_long)
            && LONG_WAITS.contains(name)
            && (jdk || name.equals("wait") || name.equals("join"))) {
          code.loadConstant(factor);
          code.invokestatic(SELF, "shorten", LONG);
        } else if (jdk
            && n == 1
            && parameters.get(0).equals(DURATION)
            && (name.equals("join") || name.equals("sleep"))) {
          code.loadConstant(factor);
          code.invokestatic(SELF, "shorten", OF_DURATION);
        }
      }
      code.with(element);
    };
  }
}
