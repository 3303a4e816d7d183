package io.trailwatch.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * The port where a correlation's signals wait for each other, per correlation key: the first
 * signal's occurrence (a key's creation) and the earliest occurrence of the second (its first use).
 * One entry per key of constant size, whatever the traffic; entries expire after the lookback. In
 * memory and a temporary file for {@code scan} ({@link SpillingSignalStore}), in memory for rule tests
 * ({@link InMemorySignalStore}), DynamoDB in the Lambda. Each method is one
 * atomic step.
 */
public interface SignalStore {
  /** One signal: when it happened and a short summary of its record (the alert names both). */
  record Signal(Instant time, String eventId, Summary summary) {
    public Signal {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * The fields of a signal's record the alert shows, each at most 256 characters (null when absent);
   * kept as the record's own strings until written, so holding one is cheap.
   */
  record Summary(String eventID, String eventTime, String eventSource, String eventName, String awsRegion,
      String sourceIPAddress, String actor, String targetUser, String accessKeyId, String source) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public com.fasterxml.jackson.databind.node.ObjectNode toTree() {
      return JSON.valueToTree(this);
    }

    public String toJson() {
      return toTree().toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not a summary */
    public static Summary fromJson(String json) {
      try {
        return JSON.readValue(json, Summary.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("not a signal summary: " + e.getOriginalMessage(), e);
      }
    }
  }

  /** What is stored for a key after a step: either part may be null. */
  record Pair(Signal first, Signal second) {}

  /** Keeps {@code signal} as the key's first signal unless one is stored (the earlier wins); returns both. */
  Pair recordFirst(String key, Signal signal, Instant expiresAt) throws WindowStore.StoreException;

  /** Keeps {@code signal} as the key's second signal if none is stored or it is earlier; returns both. */
  Pair recordSecond(String key, Signal signal, Instant expiresAt) throws WindowStore.StoreException;
}
