package io.trailwatch.engine;

/** The term-store contract in memory (what {@code scan} uses). */
class InMemoryTermStoreTest extends TermStoreContract {
  @Override
  protected TermStore newStore() {
    return new InMemoryTermStore();
  }
}
