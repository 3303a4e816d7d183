package io.trailwatch.engine;

/** A rule function failed on a record (Panther: the rule raised). The record does not match. */
public final class RuleException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuleException(String message) {
    super(message);
  }
}
