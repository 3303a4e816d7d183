package io.trailwatch.engine;

import java.util.Objects;

/**
 * Matches of one rule that share one dedup string, gathered in the order they came: the first match (whose record
 * becomes the alert's event), how many there were, the union of their entities and their {@link Activity}.
 * A group of one match holds that match alone; what it gathers is built when a second one comes (a scan
 * over many callers holds thousands of such groups). Not thread-safe.
 */
public final class MatchGroup {
  private final Match first;
  /** Null while the group holds its first match alone, as is {@link #activity}. */
  private Entities.Builder entities;
  private Activity.Builder activity;
  private long count = 1;

  private MatchGroup(Match first) {
    this.first = Objects.requireNonNull(first, "first");
  }

  /** A group holding {@code first}. */
  public static MatchGroup startingWith(Match first) {
    return new MatchGroup(first);
  }

  /** What a group gathers on: the rule id and the dedup string (compared without joining them). */
  public record Key(String ruleId, String dedup) implements Comparable<Key> {
    private static final java.util.Comparator<Key> ORDER =
        java.util.Comparator.comparing(Key::ruleId).thenComparing(Key::dedup);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  public static Key key(Match match) {
    return new Key(match.rule().ruleId(), match.dedup());
  }

  /**
   * Adds a match of the same rule with the same dedup string: callers find the group by the match's
   * {@link #key}, so the check is an assertion (on in tests), not a second comparison of the dedup string
   * per match.
   */
  public void add(Match match) {
    assert key(match).equals(key(first)) : "rule or dedup differs: " + key(match) + " vs " + key(first);
    if (entities == null) {
      entities = new Entities.Builder().addAll(first.entities());
      activity = new Activity.Builder().add(first);
    }
    count++;
    entities.addAll(match.entities());
    activity.add(match);
  }

  public Match first() {
    return first;
  }

  public long count() {
    return count;
  }

  public Entities entities() {
    return (entities != null ? entities : new Entities.Builder().addAll(first.entities())).build();
  }

  public Activity activity() {
    return (activity != null ? activity : new Activity.Builder().add(first)).build();
  }
}
