package dev.sightline.demo;

import dev.sightline.demo.internal.HttpService;
import dev.sightline.demo.internal.StallSchedule;
import dev.sightline.instrument.health.HealthRegistry;
import java.time.Duration;

/**
 * The third-party shipping-rates API, as a stub. It runs <em>without</em> the OpenTelemetry agent, as a
 * real third party would: its time shows in Shipping's CLIENT span with no child, which is the gap
 * Sightline's trace analysis points at. Every {@link #SLOW_EVERY} one quote waits {@link #SLOW_FOR}
 * before answering (first after {@link #FIRST_SLOW}); the others take a few milliseconds.
 */
public final class CarrierApi {
  static final Duration FIRST_SLOW = Duration.ofSeconds(15);
  static final Duration SLOW_EVERY = Duration.ofSeconds(30);
  static final Duration SLOW_FOR = Duration.ofSeconds(9);

  private final StallSchedule stalls = StallSchedule.of(System::nanoTime, FIRST_SLOW, SLOW_EVERY);

  private CarrierApi() {
  }

  public static void main(String[] args) throws Exception {
    CarrierApi api = new CarrierApi();
    HttpService.create(8084, HealthRegistry.builder().build())
        .route("/rates", exchange -> {
          try {
            Thread.sleep(api.delay());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          HttpService.reply(exchange, 200, "{\"carrier\":\"acme-freight\",\"price_cents\":799}");
        })
        .start();
    System.err.println("carrier-api stub listening");
  }

  /** How long this request waits: {@link #SLOW_FOR} for the first request due, else a few ms. */
  private Duration delay() {
    return stalls.claim() ? SLOW_FOR : Duration.ofMillis(5 + (System.nanoTime() & 15));
  }
}
