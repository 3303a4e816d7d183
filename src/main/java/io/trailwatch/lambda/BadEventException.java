package io.trailwatch.lambda;

/** The Lambda event (or one SQS message of it) is not a notification Trailwatch understands. */
final class BadEventException extends Exception {
  private static final long serialVersionUID = 1L;

  BadEventException(String message) {
    super(message);
  }
}
