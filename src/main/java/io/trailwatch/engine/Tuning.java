package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tuning file: per RuleID, InlineFilters, first-seen mode (NewTerms) and overrides of the dedup period,
 * threshold and severity.
 *
 * <pre>
 * AWS.CloudTrail.UserAccessKeyAuth:
 *   InlineFilters:
 *     - None:
 *         - KeyPath: userIdentity.arn
 *           Condition: IsIn
 *           Values: [arn:aws:iam::111122223333:user/ci-deployer]
 *   NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress], HistoryDays: 10}
 *   DedupPeriodMinutes: 60
 *   Threshold: 1
 *   Severity: INFO
 * </pre>
 *
 * <p>Rules kept: every key is a RuleID Trailwatch runs; every setting is known and valid
 * (DedupPeriodMinutes 5 to 1440, Panther's range; Threshold at least 1; a severity Panther knows); a
 * correlation rule takes only Severity and DedupPeriodMinutes (Panther filters rules, not
 * correlations); anything else is refused with the file and the place named, never ignored. A rule's
 * own InlineFilters still apply: a record must pass both.
 */
public final class Tuning {
  /** No tuning: every rule as shipped. */
  public static final Tuning NONE = new Tuning(Map.of());

  private static final Set<String> RULE_KEYS =
      Set.of("InlineFilters", "NewTerms", "DedupPeriodMinutes", "Threshold", "Severity");
  private static final Set<String> CORRELATION_KEYS = Set.of("DedupPeriodMinutes", "Severity");

  /** One rule's settings; null where the file leaves the rule's own. */
  record Settings(InlineFilter inlineFilters, NewTerms newTerms, Integer dedupPeriodMinutes, Integer threshold,
      String severity) {}

  private final Map<String, Settings> rules;

  private Tuning(Map<String, Settings> rules) {
    this.rules = Map.copyOf(rules);
  }

  /**
   * Reads a tuning file.
   *
   * @param name the file's name, for messages
   * @throws IllegalArgumentException naming the file, the place and the reason when it is not valid
   * @throws IOException as thrown by {@code in}
   */
  public static Tuning read(InputStream in, String name) throws IOException {
    JsonNode root = RuleMetadata.readYaml(in, name);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return NONE;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(name + ": a tuning file must be a mapping of RuleID to settings");
    }
    String correlation = CorrelationRule.builtIn().metadata().ruleId();
    Map<String, Settings> rules = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String ruleId = entry.getKey();
      try {
        boolean isCorrelation = ruleId.equals(correlation);
        if (!isCorrelation && !Rules.ids().contains(ruleId)) {
          throw new IllegalArgumentException("unknown RuleID " + ruleId + "; Trailwatch has "
              + Rules.idsAnd(correlation));
        }
        rules.put(ruleId, settings(entry.getValue(), ruleId, isCorrelation ? CORRELATION_KEYS : RULE_KEYS));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    }
    return new Tuning(rules);
  }

  private static Settings settings(JsonNode node, String where, Set<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping of settings");
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + ": " + (RULE_KEYS.contains(key)
            ? key + " applies to rules, not to a correlation rule"
            : "unknown setting " + key + " (expected " + new java.util.TreeSet<>(allowed) + ")"));
      }
    });
    Integer period = number(node, "DedupPeriodMinutes", where, 5, 1440);
    Integer threshold = number(node, "Threshold", where, 1, Integer.MAX_VALUE);
    String severity = null;
    if (node.has("Severity")) {
      JsonNode value = node.get("Severity");
      if (!value.isTextual()) {
        throw new IllegalArgumentException(where + ".Severity must be a string");
      }
      try {
        severity = RuleMetadata.normalSeverity(value.textValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    InlineFilter filters = node.has("InlineFilters")
        ? InlineFilter.read(node.get("InlineFilters"), where + ".InlineFilters") : null;
    NewTerms newTerms = node.has("NewTerms") ? NewTerms.read(node.get("NewTerms"), where + ".NewTerms") : null;
    if (newTerms != null && threshold != null && threshold != 1) {
      throw new IllegalArgumentException(where + ": " + RuleMetadata.FIRST_SEEN_THRESHOLD + ", not " + threshold);
    }
    return new Settings(filters, newTerms, period, threshold, severity);
  }

  private static Integer number(JsonNode node, String field, String where, int least, int most) {
    if (!node.has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < least || value.intValue() > most) {
      throw new IllegalArgumentException(where + "." + field + " must be a whole number from " + least + " to "
          + (most == Integer.MAX_VALUE ? "any" : most) + ", not " + value);
    }
    return value.intValue();
  }

  /** The RuleIDs this file tunes. */
  public Set<String> ruleIds() {
    return rules.keySet();
  }

  /**
   * {@code rules}, each with this file's settings for it (a rule's InlineFilters and the file's must both pass).
   *
   * @throws IllegalArgumentException when a rule's own settings do not go with the file's (a Threshold
   *     above 1 with NewTerms)
   */
  public List<Rule> apply(List<Rule> rules) {
    return rules.stream().map(rule -> {
      RuleMetadata tuned = apply(rule.metadata());
      return tuned == rule.metadata() ? rule : Rules.of(tuned);
    }).toList();
  }

  /** {@code correlation} with this file's Severity and DedupPeriodMinutes for it. */
  public CorrelationRule apply(CorrelationRule correlation) {
    RuleMetadata tuned = apply(correlation.metadata());
    return tuned == correlation.metadata() ? correlation : correlation.withMetadata(tuned);
  }

  private RuleMetadata apply(RuleMetadata metadata) {
    Settings settings = rules.get(metadata.ruleId());
    if (settings == null) {
      return metadata;
    }
    return metadata.tuned(
        settings.severity() != null ? settings.severity() : metadata.severity(),
        settings.dedupPeriodMinutes() != null ? settings.dedupPeriodMinutes() : metadata.dedupPeriodMinutes(),
        settings.threshold() != null ? settings.threshold() : metadata.threshold(),
        settings.inlineFilters() != null
            ? InlineFilter.both(metadata.inlineFilters(), settings.inlineFilters()) : metadata.inlineFilters(),
        settings.newTerms() != null ? settings.newTerms() : metadata.newTerms());
  }
}
