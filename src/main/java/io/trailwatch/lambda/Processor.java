package io.trailwatch.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailwatch.aws.DynamoDbWindowStore;
import io.trailwatch.engine.AlertPublisher;
import io.trailwatch.engine.Correlator;
import io.trailwatch.engine.CountingInputStream;
import io.trailwatch.engine.Deduplicator;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.FirstSeenBatch;
import io.trailwatch.engine.LogSelection;
import io.trailwatch.engine.MalformedLogException;
import io.trailwatch.engine.Match;
import io.trailwatch.engine.ObjectSource;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Source;
import io.trailwatch.engine.TermStore;
import io.trailwatch.engine.WindowStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the function does with one event, free of the Lambda runtime and of environment variables.
 *
 * <p>Rules kept, per object:
 * <ul>
 *   <li>a bucket not in the allowed set is never read: logged and counted (ObjectsRejected);</li>
 *   <li>a key that is not a log ({@link LogSelection}) is skipped without a download;</li>
 *   <li>a record a rule's InlineFilters reject never reaches the rule (counted in MatchesFiltered when
 *       the rule would have matched it);</li>
 *   <li>a match of a rule below the minimum severity is not alerted on (counted in
 *       MatchesBelowMinimumSeverity) but still feeds the correlation;</li>
 *   <li>a match of a rule in first-seen mode alerts only when its combination is new (the others are
 *       counted in MatchesSeenBefore); the object's combinations are recorded as seen only after its
 *       alerts went out, so a retry finds them new again and nothing is lost;</li>
 *   <li>the object's correlation signals (the earliest per rule and key) are stored before its alerts
 *       are deduplicated, and the correlations they complete join its alerts; a signal-store failure
 *       fails the object after its other alerts went out;</li>
 *   <li>permanent problems (object gone, access denied, corrupt data) are logged and counted and do
 *       not fail anything; the matches read before corrupt bytes still go through dedup and alert;</li>
 *   <li>transient problems (S3 read, DynamoDB, SNS) fail the unit: the SQS message (named in
 *       {@code batchItemFailures}), or else the invocation, which then throws after every other object
 *       was handled, so the retry delivers what is missing and nothing twice;</li>
 *   <li>an unexpected exception from the engine is a bug, not a read failure: logged as
 *       {@code engine error} with its class, message and object, counted in EngineErrors, and the unit
 *       fails, so the object reaches the failure queue to be replayed once the bug is fixed.</li>
 * </ul>
 */
final class Processor {
  private final Detection detection;
  private final Deduplicator deduplicator;
  private final TermStore terms;
  private final Clock clock;
  private final ObjectSource objects;
  private final Set<String> allowedBuckets;
  private final int minimumSeverity;
  private final Notifications notifications;
  private final Supplier<DynamoDbWindowStore.Usage> storeUsage;

  Processor(Detection detection, Deduplicator deduplicator, TermStore terms, Clock clock, ObjectSource objects,
      Set<String> allowedBuckets, String minimumSeverity, ObjectMapper mapper,
      Supplier<DynamoDbWindowStore.Usage> storeUsage) {
    this.minimumSeverity = RuleMetadata.severityRank(minimumSeverity);
    this.detection = detection;
    this.deduplicator = deduplicator;
    this.terms = terms;
    this.clock = clock;
    this.objects = objects;
    this.allowedBuckets = Set.copyOf(allowedBuckets);
    this.notifications = new Notifications(mapper);
    this.storeUsage = storeUsage;
  }

  /** How handling one object (or a unit of them) ended: done, failed for good, or to retry. */
  record Outcome(Status status, String reason) {
    enum Status { SUCCEEDED, PERMANENT_FAILURE, TEMPORARY_FAILURE }

    static final Outcome SUCCEEDED = new Outcome(Status.SUCCEEDED, "");

    static Outcome permanent(String reason) {
      return new Outcome(Status.PERMANENT_FAILURE, reason);
    }

    static Outcome retry(String reason) {
      return new Outcome(Status.TEMPORARY_FAILURE, reason);
    }

    /** The worse of the two: a retry over a permanent failure over success (the first reason of the worst kept). */
    Outcome and(Outcome other) {
      return other.status.compareTo(status) > 0 ? other : this;
    }
  }

  /** Some objects failed for now; the invocation must be retried. */
  static final class RetryLaterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryLaterException(String message) {
      super(message);
    }
  }

  /**
   * Handles one event and returns the response: for SQS {@code {"batchItemFailures": [...]}}, else a
   * summary of the counts.
   *
   * @throws BadEventException when the event is of no known shape
   * @throws RetryLaterException when a non-SQS event had transient failures
   */
  ObjectNode handle(JsonNode event, ObjectMapper mapper, Log log, Metrics metrics) throws BadEventException {
    DynamoDbWindowStore.Usage before = storeUsage.get();
    Notifications.Parsed parsed = notifications.readEvent(event);
    if (parsed.kind() == Notifications.Kind.TEST_EVENT) {
      log.info("s3:TestEvent ignored");
    }
    List<String> failedItems = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    Detection.Current current = detection.current(log, metrics);
    for (Notifications.Item item : parsed.items()) {
      Outcome outcome = item.error() != null ? Outcome.retry(item.error()) : handleItem(current, item, log, metrics);
      if (item.error() != null) {
        log.error("message is not an S3 notification", "messageId", item.messageId(), "reason", item.error());
        if (parsed.kind() == Notifications.Kind.BATCH) {
          outcome = Outcome.permanent(item.error());
        }
      }
      outcomes.add(outcome);
      if (outcome.status() == Outcome.Status.TEMPORARY_FAILURE) {
        failedItems.add(item.messageId());
        reasons.add(outcome.reason());
      }
    }
    DynamoDbWindowStore.Usage after = storeUsage.get();
    metrics.add(Metrics.Name.DynamoDbRequests, after.requests() - before.requests());
    metrics.add(Metrics.Name.DynamoDbWriteUnits, Math.round(after.consumedWriteUnits() - before.consumedWriteUnits()));
    metrics.max(Metrics.Name.DynamoDbLargestItemBytes, after.largestItemBytes());
    ObjectNode response = mapper.createObjectNode();
    if (parsed.kind() == Notifications.Kind.BATCH) {
      return batchResponse(parsed, outcomes, response);
    }
    if (parsed.kind() == Notifications.Kind.SQS) {
      ArrayNode failures = response.putArray("batchItemFailures");
      failedItems.forEach(id -> failures.addObject().put("itemIdentifier", id));
      return response;
    }
    if (!reasons.isEmpty()) {
      throw new RetryLaterException("retry: " + String.join("; ", reasons));
    }
    for (Metrics.Name name : Metrics.Name.values()) {
      response.put(name.name(), metrics.get(name));
    }
    return response;
  }

  /**
   * S3 Batch Operations' answer: one result per task, {@code Succeeded}, {@code TemporaryFailure} (Batch
   * Operations retries it) or {@code PermanentFailure}, with the reason.
   */
  private static ObjectNode batchResponse(Notifications.Parsed parsed, List<Outcome> outcomes, ObjectNode response) {
    response.put("invocationSchemaVersion", parsed.batch().schemaVersion());
    response.put("treatMissingKeysAs", "PermanentFailure");
    response.put("invocationId", parsed.batch().invocationId());
    ArrayNode results = response.putArray("results");
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome outcome = outcomes.get(i);
      results.addObject().put("taskId", parsed.items().get(i).messageId())
          .put("resultCode", switch (outcome.status()) {
            case SUCCEEDED -> "Succeeded";
            case PERMANENT_FAILURE -> "PermanentFailure";
            case TEMPORARY_FAILURE -> "TemporaryFailure";
          })
          .put("resultString", outcome.status() == Outcome.Status.SUCCEEDED ? "done" : outcome.reason());
    }
    return response;
  }

  /** Handles every object of a unit; the worst outcome of its objects. */
  private Outcome handleItem(Detection.Current current, Notifications.Item item, Log log, Metrics metrics) {
    Outcome outcome = Outcome.SUCCEEDED;
    for (ObjectRef ref : item.objects()) {
      outcome = outcome.and(handleObject(current, ref, log, metrics));
    }
    return outcome;
  }

  /**
   * Adds the match to the alerts of the object unless its rule is below the minimum severity; a match
   * of a rule in first-seen mode goes to {@code firstSeen} to be checked first.
   */
  private void alertIfSevereEnough(Match match, Deduplicator.Batch batch, FirstSeenBatch firstSeen, Metrics metrics) {
    if (RuleMetadata.severityRank(match.rule().severity()) < minimumSeverity) {
      metrics.add(Metrics.Name.MatchesBelowMinimumSeverity, 1);
    } else if (match.rule().newTerms() != null) {
      firstSeen.add(match);
    } else {
      batch.add(match);
    }
  }

  /** How handling the object ended; only a temporary failure is retried. */
  private Outcome handleObject(Detection.Current current, ObjectRef ref, Log log, Metrics metrics) {
    if (!allowedBuckets.contains(ref.bucket())) {
      metrics.add(Metrics.Name.ObjectsRejected, 1);
      log.warn("bucket not allowed; object not read", "object", ref.name());
      return Outcome.permanent("bucket " + ref.bucket() + " is not in ALLOWED_BUCKETS");
    }
    if (!LogSelection.isLog(ref.key())) {
      metrics.add(Metrics.Name.ObjectsSkipped, 1);
      log.info("not a CloudTrail log key; skipped", "object", ref.name());
      return Outcome.SUCCEEDED;
    }
    Deduplicator.Batch batch = new Deduplicator.Batch();
    FirstSeenBatch firstSeen = new FirstSeenBatch();
    Correlator.Batch signals = current.correlator().batch();
    CountingInputStream counting = null;
    String unreadable = null; // a corrupt object: its alerts still go out, then it fails for good
    try (CountingInputStream in = new CountingInputStream(objects.open(ref.bucket(), ref.key(), ref.versionId()))) {
      counting = in;
      Engine.Result result = current.engine().scan(in, new Source.S3Object(ref.bucket(), ref.key()), match -> {
        alertIfSevereEnough(match, batch, firstSeen, metrics);
        signals.add(match);
      });
      metrics.add(Metrics.Name.Records, result.records());
      metrics.add(Metrics.Name.Matches, result.matches());
      metrics.add(Metrics.Name.MatchesFiltered, result.filtered());
      metrics.add(Metrics.Name.RuleErrors, result.ruleErrors());
      if (result.ruleErrors() > 0) {
        log.warn("rule errors", "object", ref.name(), "count", result.ruleErrors(), "first", result.firstRuleError());
      }
      metrics.add(Metrics.Name.RecordsUnevaluated, result.unevaluated());
      if (result.unevaluated() > 0) {
        log.warn("records that may match not evaluated", "object", ref.name(), "count", result.unevaluated(),
            "first", result.firstUnevaluated());
      }
      metrics.add(Metrics.Name.ObjectsProcessed, 1);
    } catch (ObjectSource.ObjectUnavailableException e) {
      metrics.add(Metrics.Name.ObjectsFailed, 1);
      log.error("object unavailable; not retried", "object", ref.name(), "reason", e.getMessage());
      return Outcome.permanent("object unavailable: " + e.getMessage());
    } catch (MalformedLogException e) {
      metrics.add(Metrics.Name.ObjectsFailed, 1);
      if (e.partial() != null) { // what came before the bad bytes was read
        metrics.add(Metrics.Name.Records, e.partial().records());
        metrics.add(Metrics.Name.Matches, e.partial().matches());
      }
      unreadable = "unreadable: " + e.getMessage();
      log.error("object unreadable; alerting on the records before the bad bytes", "object", ref.name(),
          "reason", e.getMessage(), "matchesKept", batch.size());
    } catch (IOException e) {
      log.warn("reading the object failed; will retry", "object", ref.name(), "reason", e.toString());
      return Outcome.retry(ref.name() + ": " + e);
    } catch (RuntimeException e) {
      metrics.add(Metrics.Name.EngineErrors, 1);
      log.error("engine error; the object fails and is retried", "object", ref.name(), "class", e.getClass().getName(),
          "error", String.valueOf(e.getMessage()));
      return Outcome.retry(ref.name() + ": engine error " + e.getClass().getName());
    } finally {
      if (counting != null) {
        metrics.add(Metrics.Name.BytesRead, counting.count());
      }
    }
    WindowStore.StoreException signalFailure = null;
    try {
      for (Match correlated : signals.offer()) {
        alertIfSevereEnough(correlated, batch, firstSeen, metrics);
      }
    } catch (WindowStore.StoreException e) {
      signalFailure = e; // the object's own alerts still go out; the retry offers its signals again
    }
    try {
      if (!firstSeen.isEmpty()) {
        firstSeen.admitted(terms, clock.instant()).forEach(batch::add);
        metrics.add(Metrics.Name.MatchesSeenBefore, firstSeen.seenBefore());
      }
    } catch (WindowStore.StoreException e) {
      signalFailure = e; // as above: the other alerts go out, the retry checks these combinations again
    }
    try {
      Deduplicator.Outcome outcome = deduplicator.apply(batch, ref.objectId());
      metrics.add(Metrics.Name.AlertsPublished, outcome.published());
      metrics.add(Metrics.Name.AlertsSuppressed, outcome.suppressed());
      metrics.add(Metrics.Name.PublishedUnmarked, outcome.unmarked());
      if (outcome.unmarked() > 0) {
        log.warn("alerts published but not marked published; a later duplicate with the same alertId is possible",
            "object", ref.name(), "count", outcome.unmarked());
      }
      if (outcome.published() > 0) {
        log.info("alerts published", "object", ref.name(), "count", outcome.published());
      }
      if (signalFailure != null) {
        log.warn("correlation signals or first-seen sightings not read or stored; will retry", "object", ref.name(),
            "reason", signalFailure.getMessage());
        return Outcome.retry(ref.name() + ": " + signalFailure.getMessage());
      }
      firstSeen.record(terms, clock.instant());
      return unreadable == null ? Outcome.SUCCEEDED : Outcome.permanent(unreadable);
    } catch (WindowStore.StoreException | AlertPublisher.PublishException e) {
      log.warn("dedup, publish or recording first-seen sightings failed; will retry", "object", ref.name(), "reason", e.getMessage());
      return Outcome.retry(ref.name() + ": " + e.getMessage());
    }
  }
}
