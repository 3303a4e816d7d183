package io.trailwatch.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** One invocation's counters, written as one CloudWatch Embedded Metric Format line. */
final class Metrics {
  enum Name {
    ObjectsProcessed, ObjectsSkipped, ObjectsFailed, ObjectsRejected, Records, Matches, MatchesBelowMinimumSeverity,
    MatchesFiltered, MatchesSeenBefore, TuningErrors, AlertsPublished,
    AlertsSuppressed, PublishedUnmarked, RuleErrors, RecordsUnevaluated, EngineErrors, BytesRead, DynamoDbRequests,
    DynamoDbWriteUnits, DynamoDbLargestItemBytes
  }

  static final String NAMESPACE = "Trailwatch";
  private final Map<Name, Long> counts = new EnumMap<>(Name.class);

  void add(Name name, long value) {
    counts.merge(name, value, Long::sum);
  }

  /** Keeps the larger of the value so far and {@code value}. */
  void max(Name name, long value) {
    counts.merge(name, value, Long::max);
  }

  long get(Name name) {
    return counts.getOrDefault(name, 0L);
  }

  String toEmf(ObjectMapper mapper, Instant now) {
    ObjectNode line = mapper.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", now.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Service");
    ArrayNode metrics = directive.putArray("Metrics");
    line.put("Service", "trailwatch");
    for (Name name : Name.values()) {
      String unit = name == Name.BytesRead || name == Name.DynamoDbLargestItemBytes ? "Bytes" : "Count";
      metrics.addObject().put("Name", name.name()).put("Unit", unit);
      line.put(name.name(), get(name));
    }
    return line.toString();
  }
}
