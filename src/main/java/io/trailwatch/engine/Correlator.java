package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panther's correlation of two signals on event time, through a {@link SignalStore}: the key's
 * creation ({@link CorrelationRule#fromRuleId}) then its use ({@link CorrelationRule#toRuleId}),
 * sharing the {@link CorrelationRule#on} alert-context value.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>for a key, the stored creation at t0 and the earliest stored use at t1 correlate when
 *       t0 &lt;= t1 &lt;= t0 + WithinTimeFrameMinutes, whatever order their records arrive in;</li>
 *   <li>the earliest use is the one kept: a new key cannot be used before it exists, so only the
 *       earliest can be the first use after the creation (a use stamped before the creation hides
 *       later ones; clock skew aside, real logs never have one);</li>
 *   <li>the correlation is reported by the record that completes it, the creation or that earliest use,
 *       and by no later use: a retry of that record reports it again (the dedup windows keep that to
 *       one alert), a second use of the key does not;</li>
 *   <li>the report is a match of the correlation rule: dedup and {@code ip_accessKeyId} are the key,
 *       time is t1, and its event names both records.</li>
 * </ul>
 */
public final class Correlator {
  private static final int MAX_FIELD = 256;
  private static final int REMEMBERED_KEYS = 10_000;

  private final CorrelationRule rule;
  private final SignalStore store;
  /**
   * The earliest second signal each recently seen key had in the store: the stored one only ever gets
   * earlier, so a use after it can complete nothing and needs no request. Bounded (least recently used
   * keys are forgotten).
   */
  private final Map<String, SignalStore.Signal> earliestSeconds = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SignalStore.Signal> eldest) {
      return size() > REMEMBERED_KEYS;
    }
  };

  private final boolean cached;
  private final Fanout fanout;

  private Correlator(CorrelationRule rule, SignalStore store, boolean cached, Fanout fanout) {
    this.rule = rule;
    this.store = store;
    this.cached = cached;
    this.fanout = fanout;
  }

  /**
   * With no cache in front of {@code store}: every offer takes its step in the store. The doors use
   * {@link #caching}; this is the reference it is checked against ({@code CorrelatorTest}) and the plain
   * driver of the store contract ({@code SignalStoreContract}).
   */
  static Correlator over(CorrelationRule rule, SignalStore store) {
    return new Correlator(rule, store, false, Fanout.SEQUENTIAL);
  }

  /**
   * Over a store whose steps cost (DynamoDB's requests; scan's store, which builds a summary for each and
   * may read its file): a bounded cache of each key's earliest use spares the step for a use that cannot be
   * earlier (the answers are the same, {@code CorrelatorTest}), and an object's keys are offered up to
   * {@code fanout}'s limit at once.
   */
  public static Correlator caching(CorrelationRule rule, SignalStore store, Fanout fanout) {
    return new Correlator(rule, store, true, fanout);
  }

  /**
   * The signals of one object, reduced to the earliest per rule and key, so the store is written once
   * per key per object, not once per record. Not thread-safe.
   */
  public final class Batch {
    private final Map<SignalKey, Match> earliest = new LinkedHashMap<>();

    public void add(Match match) {
      SignalKey key = signalKey(match);
      if (key != null) {
        earliest.merge(key, match, (a, b) -> b.eventTime().isBefore(a.eventTime()) ? b : a);
      }
    }

    /**
     * Offers every kept signal, up to the correlator's fanout at once (each key is its own store item);
     * returns the correlation matches they complete, in order.
     *
     * @throws WindowStore.StoreException the first failure, once every signal was offered
     */
    public List<Match> offer() throws WindowStore.StoreException {
      List<Fanout.Task<Match>> tasks = new ArrayList<>();
      for (Match match : earliest.values()) {
        tasks.add(() -> Correlator.this.offer(match));
      }
      List<Match> completed = new ArrayList<>();
      WindowStore.StoreException failure = null;
      for (Fanout.Result<Match> result : fanout.run(tasks)) {
        if (result.error() instanceof WindowStore.StoreException e) {
          failure = failure == null ? e : failure;
        } else if (result.error() != null) {
          throw result.error() instanceof RuntimeException e ? e : new IllegalStateException(result.error());
        } else if (result.value() != null) {
          completed.add(result.value());
        }
      }
      if (failure != null) {
        throw failure;
      }
      return completed;
    }
  }

  /** Whether a match is the sequence's first signal or its second, and its correlation key. */
  private record SignalKey(boolean first, String key) {}

  /** The match's signal key, or null when it is no signal of this correlation. */
  private SignalKey signalKey(Match match) {
    String ruleId = match.rule().ruleId();
    boolean first = ruleId.equals(rule.fromRuleId());
    String key = match.alertContext().get(rule.on());
    return key == null || !first && !ruleId.equals(rule.toRuleId()) ? null : new SignalKey(first, key);
  }

  public Batch batch() {
    return new Batch();
  }

  /**
   * Records {@code match} if it is a signal of the correlation, and returns the correlation's match
   * when this record completes it, else null.
   */
  public Match offer(Match match) throws WindowStore.StoreException {
    SignalKey signalKey = signalKey(match);
    if (signalKey == null) {
      return null;
    }
    boolean first = signalKey.first();
    String key = signalKey.key();
    String eventId = match.facts().eventId();
    if (!first && cannotBeEarliest(key, match.eventTime(), eventId)) {
      return null; // before building its summary: most uses of a busy key end here
    }
    SignalStore.Signal signal = new SignalStore.Signal(match.eventTime(), eventId, summary(match, first));
    SignalStore.Pair pair = offer(key, first, signal);
    if (pair == null) {
      return null;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    SignalStore.Summary creation = pair.first().summary();
    body.set("creation", creation.toTree());
    body.set("firstUse", pair.second().summary().toTree());
    long minutes = Duration.between(pair.first().time(), pair.second().time()).toMinutes();
    String title = "Access key " + creation.accessKeyId() + " created by " + creation.actor() + " for "
        + creation.targetUser()
        + " was used from the same address (" + key.substring(0, Math.max(0, key.lastIndexOf(':'))) + ") "
        + minutes + " minutes later";
    return new Match(rule.metadata(), key, UserAccessKeyAuth.truncate(title), Map.of(rule.on(), key),
        match.entities(), RecordView.of(body), pair.second().time(), match.source());
  }

  /**
   * Records one signal of {@code key}; returns what is stored when this signal completes the
   * correlation, else null. {@code first}: the signal is the creation.
   */
  SignalStore.Pair offer(String key, boolean first, SignalStore.Signal signal) throws WindowStore.StoreException {
    if (!first && cannotBeEarliest(key, signal.time(), signal.eventId())) {
      return null;
    }
    Instant expiresAt = signal.time().plus(rule.lookback());
    SignalStore.Pair pair = first ? store.recordFirst(key, signal, expiresAt) : store.recordSecond(key, signal, expiresAt);
    if (cached && pair.second() != null) {
      synchronized (earliestSeconds) {
        earliestSeconds.put(key, pair.second());
      }
    }
    if (pair.first() == null || pair.second() == null) {
      return null;
    }
    Instant t0 = pair.first().time();
    Instant t1 = pair.second().time();
    if (t1.isBefore(t0) || t1.isAfter(t0.plus(rule.within()))) {
      return null;
    }
    SignalStore.Signal completing = first ? pair.first() : pair.second();
    return completing.eventId().equals(signal.eventId()) && completing.time().equals(signal.time()) ? pair : null;
  }

  /** Whether the store is known to hold an earlier use of {@code key}, or this same time with another record. */
  private boolean cannotBeEarliest(String key, Instant time, String eventId) {
    if (!cached) {
      return false;
    }
    SignalStore.Signal known;
    synchronized (earliestSeconds) {
      known = earliestSeconds.get(key);
    }
    return known != null && (time.isAfter(known.time()) || time.equals(known.time()) && !eventId.equals(known.eventId()));
  }

  private static SignalStore.Summary summary(Match match, boolean creation) {
    Facts f = match.facts();
    return new SignalStore.Summary(f.eventID(), f.eventTime(), f.eventSource(), f.eventName(), f.awsRegion(),
        f.sourceIPAddress(), f.actor(), creation ? f.targetUser() : null, creation ? f.newKeyId() : f.keyId(),
        f.source());
  }

  /**
   * What the correlation reads of a match's record, each value as the alert shows it (Python's str, at
   * most 256 characters; null when absent): read where the match is made ({@link Match}).
   *
   * @param eventId the record's eventID as Python's str renders it (not cut): the signal's identity
   */
  public record Facts(String eventId, String eventID, String eventTime, String eventSource, String eventName,
      String awsRegion, String sourceIPAddress, String actor, String targetUser, String newKeyId, String keyId,
      String source) {
    static Facts of(JsonNode event, Source source) {
      JsonNode eventId = Fields.get(event, "eventID");
      JsonNode identity = Fields.get(event, "userIdentity");
      JsonNode newKey = Fields.get(event, "responseElements", "accessKey");
      return new Facts(Fields.pythonStr(eventId), field(eventId), field(Fields.get(event, "eventTime")),
          field(Fields.get(event, "eventSource")), field(Fields.get(event, "eventName")),
          field(Fields.get(event, "awsRegion")), field(Fields.get(event, "sourceIPAddress")),
          field(Fields.get(identity, "arn")), field(Fields.get(newKey, "userName")),
          field(Fields.get(newKey, "accessKeyId")), field(Fields.get(identity, "accessKeyId")), cut(source.name()));
    }
  }

  /** A value as Python's str() renders it, cut to {@link #MAX_FIELD}; null for a missing one. */
  private static String field(JsonNode value) {
    return value == null ? null : cut(Fields.pythonStr(value));
  }

  private static String cut(String text) {
    return text.length() <= MAX_FIELD ? text : text.substring(0, MAX_FIELD);
  }

}
