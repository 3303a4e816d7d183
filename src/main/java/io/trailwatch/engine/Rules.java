package io.trailwatch.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * The shipped rules, by RuleID: each is its YAML in the jar (with Panther's Tests) and its Java class.
 * Rule kept: metadata naming a RuleID without a Java class is refused, so a rule file can tune a
 * shipped rule (severity, period, threshold, tests) but never dress one rule's matches in another's id.
 */
public final class Rules {
  private Rules() {}

  private static final Map<String, Function<RuleMetadata, Rule>> CLASSES = Map.of(
      UserAccessKeyAuth.ID, UserAccessKeyAuth::new,
      IamBackdoorUserKeys.ID, IamBackdoorUserKeys::new);

  /** The YAML of each shipped rule, in the order they are evaluated and tested. */
  private static final List<String> RESOURCES = List.of(
      RuleMetadata.BUILT_IN, "/rules/aws_iam_backdoor_user_keys.yml");

  /** The RuleIDs Trailwatch has a rule class for. */
  public static java.util.Set<String> ids() {
    return CLASSES.keySet();
  }

  /** Those RuleIDs and {@code more}, sorted, for messages. */
  static java.util.SortedSet<String> idsAnd(String... more) {
    java.util.SortedSet<String> all = new java.util.TreeSet<>(CLASSES.keySet());
    all.addAll(List.of(more));
    return all;
  }

  /** The shipped UserAccessKeyAuth, with its YAML's metadata. */
  public static Rule userAccessKeyAuth() {
    return of(RuleMetadata.builtIn());
  }

  /** The shipped rules, read once per process (rules are immutable values), here or by {@link #readAhead}. */
  private static final FutureTask<List<Rule>> SHIPPED =
      new FutureTask<>(() -> RESOURCES.stream().map(Rules::resource).map(Rules::of).toList());

  /** Every shipped rule, with the metadata of its YAML. */
  public static List<Rule> shipped() {
    SHIPPED.run(); // reads them on this thread, unless another read them or is reading them
    try {
      return SHIPPED.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the shipped rules were read", e);
    }
  }

  /**
   * Starts reading the shipped rules on a daemon thread, so that a door's own set-up (its command line)
   * overlaps the YAML parsing: a cold JVM takes about 50 ms for it. Their first user waits for that read,
   * and gets its failure, if any, as {@link #shipped} would have thrown it.
   */
  public static void readAhead() {
    if (!SHIPPED.isDone()) {
      Thread.ofPlatform().daemon().name("trailwatch-rules").start(SHIPPED);
    }
  }

  /**
   * The rule class for {@code metadata}.
   *
   * @throws IllegalArgumentException when no shipped rule has its RuleID
   */
  public static Rule of(RuleMetadata metadata) {
    Function<RuleMetadata, Rule> make = CLASSES.get(metadata.ruleId());
    if (make == null) {
      throw new IllegalArgumentException("unknown RuleID " + metadata.ruleId() + "; Trailwatch has "
          + CLASSES.keySet().stream().sorted().toList());
    }
    return make.apply(metadata);
  }

  private static RuleMetadata resource(String path) {
    try (InputStream in = Rules.class.getResourceAsStream(path)) {
      return RuleMetadata.read(Objects.requireNonNull(in, path), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
