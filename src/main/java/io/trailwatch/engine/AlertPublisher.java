package io.trailwatch.engine;

/** The port alerts leave through (SNS in production, stdout for {@code scan}, a list in tests). */
public interface AlertPublisher {
  /** Sends one alert. Throws when it may not have gone out, so the caller retries. */
  void publish(Alert alert) throws PublishException;

  /**
   * The destination's name, remembered in a window once its alert went there (a few characters; unique
   * among the destinations of one deployment).
   */
  default String destination() {
    return "alerts";
  }

  /** The alert was not delivered, maybe for now only. */
  final class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
