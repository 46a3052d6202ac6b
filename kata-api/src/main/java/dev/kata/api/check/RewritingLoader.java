package dev.kata.api.check;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Loads the solution's own classes (those found on the solution path) itself, each method body
 * rewritten by a code transform; every other class comes from the checks' loader, so the contract
 * types are the checks' own. Used by {@link CallGate} and {@link ShortenedTimeouts}.
 */
final class RewritingLoader extends ClassLoader implements Closeable {

  private final URLClassLoader resources;
  private final ClassFile classFile;
  private final CodeTransform transform;

  RewritingLoader(String name, List<URL> path, ClassLoader parent, CodeTransform transform) {
    super(name, parent);
    this.resources = new URLClassLoader(path.toArray(URL[]::new), null);
    this.transform = transform;
    // Stack maps are computed again for rewritten methods: the hierarchy of the learner's own
    // classes is read from the solution path, every other from the checks' loader.
    this.classFile =
        ClassFile.of(
            ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.ofResourceParsing(resources)
                    .orElse(ClassHierarchyResolver.ofResourceParsing(parent))
                    .orElse(ClassHierarchyResolver.defaultResolver())
                    .cached()));
  }

  @Override
  public void close() throws IOException {
    resources.close();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        URL found = resources.findResource(name.replace('.', '/') + ".class");
        if (found == null) {
          return super.loadClass(name, resolve);
        }
        byte[] bytes;
        try (InputStream in = found.openStream()) {
          byte[] original = in.readAllBytes();
          bytes =
              classFile.transformClass(
                  classFile.parse(original), ClassTransform.transformingMethodBodies(transform));
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
        loaded = defineClass(name, bytes, 0, bytes.length);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }
}
