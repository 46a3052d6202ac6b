package dev.kata.cli;

import picocli.CommandLine.IVersionProvider;

/** Report kata's version from the jar manifest, and the JDK it runs on. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Kata.class.getPackage().getImplementationVersion();
    return new String[] {
      "kata " + (version == null ? "(development build)" : version),
      "JDK " + Runtime.version() + " at " + System.getProperty("java.home")
    };
  }
}
