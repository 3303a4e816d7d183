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

  private Correlator(CorrelationRule rule, SignalStore store) {
    this.rule = rule;
    this.store = store;
  }

  public static Correlator over(CorrelationRule rule, SignalStore store) {
    return new Correlator(rule, store);
  }

  public CorrelationRule rule() {
    return rule;
  }

  /**
   * The signals of one object, reduced to the earliest per rule and key, so the store is written once
   * per key per object, not once per record. Not thread-safe.
   */
  public final class Batch {
    private final Map<String, Match> earliest = new LinkedHashMap<>();

    public void add(Match match) {
      String ruleId = match.rule().ruleId();
      String key = match.alertContext().get(rule.on());
      if (key == null || !ruleId.equals(rule.fromRuleId()) && !ruleId.equals(rule.toRuleId())) {
        return;
      }
      earliest.merge(ruleId + "\n" + key, match, (a, b) -> b.eventTime().isBefore(a.eventTime()) ? b : a);
    }

    /** Offers every kept signal; returns the correlation matches they complete, in order. */
    public List<Match> offer() throws WindowStore.StoreException {
      List<Match> completed = new ArrayList<>();
      for (Match match : earliest.values()) {
        Match correlated = Correlator.this.offer(match);
        if (correlated != null) {
          completed.add(correlated);
        }
      }
      return completed;
    }
  }

  public Batch batch() {
    return new Batch();
  }

  /**
   * Records {@code match} if it is a signal of the correlation, and returns the correlation's match
   * when this record completes it, else null.
   */
  public Match offer(Match match) throws WindowStore.StoreException {
    String ruleId = match.rule().ruleId();
    boolean first = ruleId.equals(rule.fromRuleId());
    if (!first && !ruleId.equals(rule.toRuleId())) {
      return null;
    }
    String key = match.alertContext().get(rule.on());
    if (key == null) {
      return null;
    }
    SignalStore.Signal signal = new SignalStore.Signal(match.eventTime(), Fields.pythonStr(Fields.get(match.event(),
        "eventID")), summary(match, first));
    SignalStore.Pair pair = offer(key, first, signal);
    if (pair == null) {
      return null;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("creation", pair.first().summary());
    body.set("firstUse", pair.second().summary());
    long minutes = Duration.between(pair.first().time(), pair.second().time()).toMinutes();
    String title = "Access key " + text(pair.first().summary(), "accessKeyId") + " created by "
        + text(pair.first().summary(), "actor") + " for " + text(pair.first().summary(), "targetUser")
        + " was used from the same address (" + key.substring(0, Math.max(0, key.lastIndexOf(':'))) + ") "
        + minutes + " minutes later";
    return new Match(rule.metadata(), key, UserAccessKeyAuth.truncate(title), Map.of(rule.on(), key),
        match.entities(), body, pair.second().time(), match.source());
  }

  /**
   * Records one signal of {@code key}; returns what is stored when this signal completes the
   * correlation, else null. {@code first}: the signal is the creation.
   */
  SignalStore.Pair offer(String key, boolean first, SignalStore.Signal signal) throws WindowStore.StoreException {
    if (!first && cannotBeEarliest(key, signal)) {
      return null;
    }
    Instant expiresAt = signal.time().plus(rule.lookback());
    SignalStore.Pair pair = first ? store.recordFirst(key, signal, expiresAt) : store.recordSecond(key, signal, expiresAt);
    if (pair.second() != null) {
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
  private boolean cannotBeEarliest(String key, SignalStore.Signal signal) {
    SignalStore.Signal known;
    synchronized (earliestSeconds) {
      known = earliestSeconds.get(key);
    }
    return known != null && (signal.time().isAfter(known.time())
        || signal.time().equals(known.time()) && !signal.eventId().equals(known.eventId()));
  }

  private static ObjectNode summary(Match match, boolean creation) {
    JsonNode event = match.event();
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    put(summary, "eventID", Fields.get(event, "eventID"));
    put(summary, "eventTime", Fields.get(event, "eventTime"));
    put(summary, "eventSource", Fields.get(event, "eventSource"));
    put(summary, "eventName", Fields.get(event, "eventName"));
    put(summary, "awsRegion", Fields.get(event, "awsRegion"));
    put(summary, "sourceIPAddress", Fields.get(event, "sourceIPAddress"));
    put(summary, "actor", Fields.get(event, "userIdentity", "arn"));
    if (creation) {
      put(summary, "targetUser", Fields.get(event, "responseElements", "accessKey", "userName"));
      put(summary, "accessKeyId", Fields.get(event, "responseElements", "accessKey", "accessKeyId"));
    } else {
      put(summary, "accessKeyId", Fields.get(event, "userIdentity", "accessKeyId"));
    }
    summary.put("source", cut(match.source().name()));
    return summary;
  }

  private static void put(ObjectNode summary, String name, JsonNode value) {
    summary.put(name, value == null ? null : cut(Fields.pythonStr(value)));
  }

  private static String cut(String text) {
    return text.length() <= MAX_FIELD ? text : text.substring(0, MAX_FIELD);
  }

  private static String text(ObjectNode summary, String field) {
    JsonNode value = summary.get(field);
    return value == null || value.isNull() ? "None" : value.asText();
  }
}
