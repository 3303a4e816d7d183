package io.trailwatch.engine;

/** The signal-store contract against the in-memory store {@code scan} uses. */
class InMemorySignalStoreTest extends SignalStoreContract {
  @Override
  protected SignalStore newStore() {
    return new InMemorySignalStore();
  }
}
