package dev.sightline.server.cli;

import picocli.CommandLine.Command;

/** {@code sightline version}. */
@Command(name = "version", description = "Print the version of Sightline and of the Java runtime.")
final class VersionCommand implements Runnable {
  @Override
  public void run() {
    System.out.println(new Version().getVersion()[0]);
  }
}
