package io.trailwatch.engine;

import java.util.ArrayList;
import java.util.List;

/** A publisher for tests: keeps what it was given; can be told to fail. Thread-safe. */
public final class CollectingPublisher implements AlertPublisher {
  private final List<Alert> alerts = new ArrayList<>();
  private final String destination;
  private int failuresLeft;

  /** The default destination ("alerts"). */
  public CollectingPublisher() {
    this("alerts");
  }

  public CollectingPublisher(String destination) {
    this.destination = destination;
  }

  @Override
  public String destination() {
    return destination;
  }

  public synchronized void failNext(int n) {
    failuresLeft = n;
  }

  @Override
  public synchronized void publish(Alert alert) throws PublishException {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new PublishException("publish failed (test)", null);
    }
    alerts.add(alert);
  }

  public synchronized List<Alert> alerts() {
    return List.copyOf(alerts);
  }
}
