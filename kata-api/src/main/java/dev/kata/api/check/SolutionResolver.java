package dev.kata.api.check;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolve a check's contract-typed parameter to a new instance of the configured solution. */
final class SolutionResolver implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SolutionResolver.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == CallGate.class) {
      return true;
    }
    boolean contractLike = type.isInterface() || Modifier.isAbstract(type.getModifiers());
    String pkg = type.getPackageName();
    if (!contractLike || pkg.startsWith("java.") || pkg.startsWith("org.junit.")) {
      return false;
    }
    var contract = context.getConfigurationParameter(CheckConfiguration.SOLUTION_CONTRACT);
    if (contract.isEmpty()) {
      return true; // no contract named: every contract-like type may be the solution's
    }
    // The contract itself, even when the solution does not implement it ("must implement" says so);
    // any other type only when the solution is one: a helper type belongs to another resolver.
    if (type.getName().equals(contract.get())) {
      return true;
    }
    try {
      return type.isAssignableFrom(solutionClass(context));
    } catch (ParameterResolutionException e) {
      return false;
    }
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> contract = parameter.getParameter().getType();
    if (contract == CallGate.class) {
      return callGate(context);
    }
    Class<?> solution = solutionClass(context);
    if (!contract.isAssignableFrom(solution)) {
      throw new ParameterResolutionException(
          "class " + solution.getName() + " must implement " + contract.getName());
    }
    try {
      var constructor = solution.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new ParameterResolutionException(
          "class "
              + solution.getName()
              + " needs a no-argument constructor so the checks can create it");
    } catch (InvocationTargetException e) {
      throw new ParameterResolutionException(
          "the constructor of " + solution.getName() + " threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ParameterResolutionException("cannot create " + solution.getName() + ": " + e, e);
    }
  }

  /** A gate of its own for each check that asks for one, closed (releasing) when the check ends. */
  private static CallGate callGate(ExtensionContext context) {
    CallGate gate =
        new CallGate(
            className(context),
            urls(context.getConfigurationParameter(CheckConfiguration.SOLUTION_PATH).orElse("")),
            context.getRequiredTestClass().getClassLoader());
    context.getStore(NAMESPACE).put(new Object(), gate);
    return gate;
  }

  private static String className(ExtensionContext context) {
    return context
        .getConfigurationParameter(CheckConfiguration.SOLUTION_CLASS)
        .orElseThrow(
            () ->
                new ParameterResolutionException(
                    "no solution to check: configuration parameter "
                        + CheckConfiguration.SOLUTION_CLASS
                        + " is not set"));
  }

  private static List<URL> urls(String path) {
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        try {
          urls.add(Path.of(entry).toUri().toURL());
        } catch (MalformedURLException e) {
          throw new ParameterResolutionException("bad solution path entry " + entry, e);
        }
      }
    }
    return urls;
  }

  private static Class<?> solutionClass(ExtensionContext context) {
    String className = className(context);
    String path = context.getConfigurationParameter(CheckConfiguration.SOLUTION_PATH).orElse("");
    ClassLoader parent = context.getRequiredTestClass().getClassLoader();
    int shortenedBy =
        context
            .getTestClass()
            .map(type -> type.getAnnotation(PuzzleChecks.class))
            .map(PuzzleChecks::timeoutsShortenedBy)
            .orElse(1);
    // One loader per run: every check sees the same solution class, and statics the learner
    // keeps live as long as the run, as they would in the learner's own program.
    LoadedSolution loaded =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                className + File.pathSeparator + path + File.pathSeparator + shortenedBy,
                key -> LoadedSolution.load(className, path, parent, shortenedBy),
                LoadedSolution.class);
    return loaded.type();
  }

  private record LoadedSolution(Class<?> type, Closeable loader) implements AutoCloseable {

    static LoadedSolution load(String className, String path, ClassLoader parent, int shortenedBy) {
      List<URL> urls = urls(path);
      ClassLoader loader =
          shortenedBy > 1
              ? new RewritingLoader(
                  "kata-solution", urls, parent, ShortenedTimeouts.transform(shortenedBy))
              : new URLClassLoader("kata-solution", urls.toArray(URL[]::new), parent);
      try {
        return new LoadedSolution(Class.forName(className, false, loader), (Closeable) loader);
      } catch (ClassNotFoundException e) {
        throw new ParameterResolutionException(
            "solution class " + className + " not found on " + path);
      } catch (LinkageError e) {
        throw new ParameterResolutionException(
            "solution class " + className + " cannot be loaded: " + e, e);
      }
    }

    @Override
    public void close() throws IOException {
      loader.close();
    }
  }
}
