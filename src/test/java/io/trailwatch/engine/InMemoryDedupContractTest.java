package io.trailwatch.engine;

import java.util.OptionalLong;

/** The dedup contract against the in-memory fake. */
class InMemoryDedupContractTest extends DedupContract {
  @Override
  protected WindowStore newStore() {
    return new InMemoryWindowStore();
  }

  @Override
  protected OptionalLong largestItemBytes() {
    return OptionalLong.empty();
  }
}
