/**
 * kata's core, as the check JVM runs it: a named module, so that code on the class path (the
 * learner's solution, the puzzles' checks, plugins) cannot reach into it by reflection. The secret
 * that signs the check JVM's events lives in {@code dev.kata.core.check}, which is neither exported
 * nor opened to any module: {@code setAccessible} on any of its members, from anywhere outside this
 * module, throws {@code InaccessibleObjectException}.
 *
 * <p>kata's own JVM (the CLI, the authoring kit, Maven's test runs) puts kata-core on the class
 * path, where this descriptor is ignored; only {@code IsolatedRunner} starts a JVM with it on the
 * module path. kata-api, QuickTheories and JavaParser are on the class path in both: this module
 * reads the class path ({@code --add-reads dev.kata.core=ALL-UNNAMED}, given to javac and to the
 * check JVM), which lets it use them without opening anything to them.
 */
module dev.kata.core {
  requires java.compiler;
  requires java.management;
  requires jdk.management;
  requires org.junit.jupiter.api;
  requires org.junit.platform.engine;
  requires org.junit.platform.launcher;
  requires org.opentest4j;

  // JUnit finds kata's extensions through ServiceLoader; a named module's META-INF/services is
  // ignored, so they are declared here too (the services file serves the class path). A provider
  // needs no export: ServiceLoader instantiates it whatever the module exports.
  provides org.junit.jupiter.api.extension.Extension with
      dev.kata.core.check.CheckTimeLimit,
      dev.kata.core.check.ThreadHygiene,
      dev.kata.core.check.SocketHygiene;

  // JUnit instantiates test classes and calls their methods by reflection: only the warm-up
  // checks' package, which holds nothing secret, and only to JUnit.
  opens dev.kata.core.check.warmup to
      org.junit.platform.commons;
}
