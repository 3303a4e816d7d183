package io.trailwatch.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An object of a {@link TargetedRead} below a level of interest: a plain {@link ObjectNode} (equal to one
 * with the same fields) that also knows which names its level keeps, so that {@link Fields} can tell a
 * missing field without comparing every key ignoring case.
 *
 * <p>Rule kept: {@link #lacksOtherCasesOf} is true only when no key equal to {@code key} ignoring case
 * but spelled otherwise can be in the record: every key of the level equal ignoring case to a kept name
 * is kept, and none was spelled otherwise.
 */
final class KeptObject extends ObjectNode {
  private static final long serialVersionUID = 1L;

  private final transient Interest level;
  private boolean otherSpellings;

  KeptObject(Interest level) {
    super(JsonNodeFactory.instance);
    this.level = level;
  }

  /** A key was kept spelled otherwise than its name (another case). */
  void holdsOtherSpellings() {
    otherSpellings = true;
  }

  /** Whether the record surely has no key equal to {@code key} ignoring case other than {@code key} itself. */
  boolean lacksOtherCasesOf(String key) {
    return !otherSpellings && level.isSpelling(key);
  }
}
