package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Panther correlation rule of the one shape Trailwatch runs: a sequence of two shipped rules, one
 * transition {@code From -> To} within {@code WithinTimeFrameMinutes}, matched on one alert-context
 * field, with {@code LookbackWindowMinutes} and Panther's {@code RuleOutputs} tests. Any other shape
 * is refused with the field named.
 *
 * @param metadata id, severity and dedup period (threshold 1)
 * @param fromRuleId the rule whose signal comes first (the key's creation)
 * @param toRuleId the rule whose signal must follow (the key's use)
 * @param on the alert-context field both signals share
 */
public record CorrelationRule(RuleMetadata metadata, String fromRuleId, String toRuleId, String on, Duration within,
    Duration lookback, List<CorrelationTest> tests) {

  public static final String BUILT_IN = "/rules/aws_privilege_escalation_via_user_compromise.yml";
  private static final String CONTEXT = "p_alert_context.";

  /** One signal in a test: {@code ruleId}'s match with {@code value} at {@code minute}. */
  public record TestSignal(String ruleId, String value, long minute) {}

  /** One entry of the Tests block, in RuleOutputs form. */
  public record CorrelationTest(String name, boolean expectedResult, List<TestSignal> signals) {
    public CorrelationTest {
      signals = List.copyOf(signals);
    }
  }

  public CorrelationRule {
    Objects.requireNonNull(metadata, "metadata");
    tests = List.copyOf(tests);
  }

  /** This correlation with other metadata (a tuning's severity and dedup period). */
  CorrelationRule withMetadata(RuleMetadata other) {
    return new CorrelationRule(other, fromRuleId, toRuleId, on, within, lookback, tests);
  }

  /** The correlation shipped in the jar. */
  public static CorrelationRule builtIn() {
    try (InputStream in = CorrelationRule.class.getResourceAsStream(BUILT_IN)) {
      return read(Objects.requireNonNull(in, BUILT_IN), BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads correlation YAML.
   *
   * @throws IllegalArgumentException naming {@code name} and the bad field
   */
  public static CorrelationRule read(InputStream in, String name) throws IOException {
    JsonNode root = RuleMetadata.YAML.readTree(in);
    try {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("a correlation rule file must be a YAML mapping");
      }
      RuleMetadata metadata = new RuleMetadata(RuleMetadata.readText(root, "RuleID", null),
          RuleMetadata.readText(root, "Severity", "Info"), RuleMetadata.readInt(root, "DedupPeriodMinutes", 60), 1,
          true, List.of());
      JsonNode detection = single(root.get("Detection"), "Detection");
      JsonNode sequence = detection.get("Sequence");
      if (sequence == null || !sequence.isArray() || sequence.size() != 2) {
        throw new IllegalArgumentException("Detection[0].Sequence must list two rules");
      }
      Map<String, String> ids = Map.of(
          RuleMetadata.readText(sequence.get(0), "ID", null), RuleMetadata.readText(sequence.get(0), "RuleID", null),
          RuleMetadata.readText(sequence.get(1), "ID", null), RuleMetadata.readText(sequence.get(1), "RuleID", null));
      JsonNode transition = single(detection.get("Transitions"), "Detection[0].Transitions");
      String from = ruleOf(ids, RuleMetadata.readText(transition, "From", null));
      String to = ruleOf(ids, RuleMetadata.readText(transition, "To", null));
      String on = RuleMetadata.readText(single(transition.get("Match"), "Transitions[0].Match"), "On", null);
      if (!on.startsWith(CONTEXT)) {
        throw new IllegalArgumentException("Match.On must be a p_alert_context field, not " + on);
      }
      Duration within = Duration.ofMinutes(RuleMetadata.readInt(transition, "WithinTimeFrameMinutes", 60));
      Duration lookback = Duration.ofMinutes(RuleMetadata.readInt(detection, "LookbackWindowMinutes", 2160));
      return new CorrelationRule(metadata, from, to, on.substring(CONTEXT.length()), within, lookback,
          readTests(root.get("Tests"), ids));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode single(JsonNode list, String where) {
    if (list == null || !list.isArray() || list.size() != 1 || !list.get(0).isObject()) {
      throw new IllegalArgumentException(where + " must be a list of one mapping");
    }
    return list.get(0);
  }

  private static String ruleOf(Map<String, String> ids, String id) {
    String ruleId = ids.get(id);
    if (ruleId == null) {
      throw new IllegalArgumentException("no Sequence entry has ID " + id);
    }
    return ruleId;
  }

  private static List<CorrelationTest> readTests(JsonNode tests, Map<String, String> ids) {
    List<CorrelationTest> out = new ArrayList<>();
    if (tests == null || tests.isNull()) {
      return out;
    }
    for (int i = 0; i < tests.size(); i++) {
      JsonNode test = tests.get(i);
      String where = "Tests[" + i + "]";
      JsonNode expected = test.get("ExpectedResult");
      if (expected == null || !expected.isBoolean()) {
        throw new IllegalArgumentException(where + ".ExpectedResult must be true or false");
      }
      List<TestSignal> signals = new ArrayList<>();
      JsonNode outputs = test.get("RuleOutputs");
      if (outputs == null || !outputs.isArray()) {
        throw new IllegalArgumentException(where + ".RuleOutputs must be a list");
      }
      for (JsonNode output : outputs) {
        String ruleId = ruleOf(ids, RuleMetadata.readText(output, "ID", null));
        JsonNode matches = output.get("Matches");
        if (matches == null || !matches.isObject()) {
          throw new IllegalArgumentException(where + ".RuleOutputs[].Matches must be a mapping");
        }
        matches.properties().forEach(field -> field.getValue().properties().forEach(value -> {
          for (JsonNode minute : value.getValue()) {
            signals.add(new TestSignal(ruleId, value.getKey(), minute.asLong()));
          }
        }));
      }
      out.add(new CorrelationTest(RuleMetadata.readText(test, "Name", null), expected.booleanValue(), signals));
    }
    return out;
  }
}
