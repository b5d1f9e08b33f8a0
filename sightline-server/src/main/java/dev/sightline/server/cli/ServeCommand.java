package dev.sightline.server.cli;

import dev.sightline.server.SightlineServer;
import dev.sightline.server.config.ConfigException;
import dev.sightline.server.config.ConfigLoader;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sightline serve}: runs the server until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", description = "Run Sightline: receivers, storage, APIs and UI in one process.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Loaded loaded;
    try {
      loaded = options.load();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    loaded.warnings().forEach(w -> log.warn("{}", w));
    SightlineServer server = SightlineServer.create(loaded.config(), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("sightline-shutdown").unstarted(() -> {
      try {
        server.close();
      } finally {
        stopped.countDown();
      }
    }));
    try {
      server.start();
    } catch (java.io.IOException e) {
      System.err.println("Sightline could not start: " + e.getMessage());
      return 1;
    }
    onSighup(() -> server.alerting().reload());
    System.out.println(server.banner(Version.current()));
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * SIGHUP reloads rules and routing, as Prometheus and Alertmanager do. sun.misc.Signal is the JDK's
   * only way to catch it; it is reached reflectively so the build stays free of proprietary-API warnings,
   * and where it is missing the HTTP endpoint {@code POST /-/reload} still works.
   */
  private static void onSighup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object h = java.lang.reflect.Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              log.info("SIGHUP: reloading rules and notification configuration");
              action.run();
            }
            return null;
          });
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("SIGHUP reload unavailable ({}); use POST /-/reload", e.toString());
    }
  }
}
