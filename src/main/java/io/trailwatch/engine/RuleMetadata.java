package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A rule's metadata as Panther's analysis YAML states it: id, severity, dedup period, threshold, the
 * CreateAlert flag, the unit tests and the InlineFilters; and, from a tuning file only, first-seen mode
 * ({@link NewTerms}, null when off). Period, threshold, severity and filters drive the engine, so
 * changing them is a data change.
 *
 * <p>Rules kept: RuleID is non-blank; DedupPeriodMinutes and Threshold are whole numbers of at least 1
 * (Panther's defaults, 60 and 1, when left out); Severity is one of Info, Low, Medium, High, Critical
 * and is kept upper-case; each test has a Name, a boolean ExpectedResult and a Log object;
 * InlineFilters are read as {@link InlineFilter} reads them, and are never ignored.
 */
public record RuleMetadata(
    String ruleId,
    String severity,
    int dedupPeriodMinutes,
    int threshold,
    boolean createAlert,
    List<RuleTest> tests,
    InlineFilter inlineFilters,
    NewTerms newTerms) {

  /** The resource path of the rule Trailwatch ships. */
  public static final String BUILT_IN = "/rules/aws_cloudtrail_useraccesskeyauth.yml";

  private static final List<String> SEVERITIES = List.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One entry of the Tests block. */
  public record RuleTest(String name, boolean expectedResult, JsonNode log) {
    public RuleTest {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(log, "log");
      log = log.deepCopy();
    }

    @Override
    public JsonNode log() {
      return log.deepCopy();
    }
  }

  public RuleMetadata {
    if (ruleId == null || ruleId.isBlank()) {
      throw new IllegalArgumentException("RuleID is missing");
    }
    severity = normalSeverity(severity);
    if (dedupPeriodMinutes < 1) {
      throw new IllegalArgumentException("DedupPeriodMinutes must be at least 1, not " + dedupPeriodMinutes);
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("Threshold must be at least 1, not " + threshold);
    }
    tests = List.copyOf(tests);
    Objects.requireNonNull(inlineFilters, "inlineFilters");
    if (newTerms != null && threshold != 1) {
      throw new IllegalArgumentException(FIRST_SEEN_THRESHOLD + ", not " + threshold);
    }
  }

  /** Why first-seen mode needs Threshold 1: each new combination is a window's only match. */
  static final String FIRST_SEEN_THRESHOLD = "Threshold must be 1 with NewTerms (a new combination is one match)";

  /** Metadata without filters or first-seen mode. */
  public RuleMetadata(String ruleId, String severity, int dedupPeriodMinutes, int threshold, boolean createAlert,
      List<RuleTest> tests) {
    this(ruleId, severity, dedupPeriodMinutes, threshold, createAlert, tests, InlineFilter.PASS, null);
  }

  /** This metadata with a tuning's settings (see {@link Tuning}). */
  RuleMetadata tuned(String severity, int dedupPeriodMinutes, int threshold, InlineFilter inlineFilters,
      NewTerms newTerms) {
    return new RuleMetadata(ruleId, severity, dedupPeriodMinutes, threshold, createAlert, tests, inlineFilters,
        newTerms);
  }

  /**
   * A severity in Panther's spelling of any case, upper-cased.
   *
   * @throws IllegalArgumentException when it is none of INFO, LOW, MEDIUM, HIGH, CRITICAL
   */
  public static String normalSeverity(String severity) {
    String upper = severity.toUpperCase(Locale.ROOT);
    if (!SEVERITIES.contains(upper)) {
      throw new IllegalArgumentException("Severity must be one of " + SEVERITIES + ", not " + severity);
    }
    return upper;
  }

  /** 0 for INFO up to 4 for CRITICAL. */
  public static int severityRank(String severity) {
    int rank = SEVERITIES.indexOf(severity); // a rule's severity is upper-case already: no copy per match
    return rank >= 0 ? rank : SEVERITIES.indexOf(normalSeverity(severity));
  }

  /** The rule shipped in the jar. */
  public static RuleMetadata builtIn() {
    try (InputStream in = RuleMetadata.class.getResourceAsStream(BUILT_IN)) {
      return read(Objects.requireNonNull(in, BUILT_IN), BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads rule YAML.
   *
   * @throws IllegalArgumentException naming {@code name} and the bad field when the YAML is not a rule
   */
  public static RuleMetadata read(InputStream in, String name) throws IOException {
    JsonNode root = readYaml(in, name);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(name + ": a rule file must be a YAML mapping");
    }
    try {
      return new RuleMetadata(
          readText(root, "RuleID", null),
          readText(root, "Severity", "Info"),
          readInt(root, "DedupPeriodMinutes", 60),
          readInt(root, "Threshold", 1),
          readBoolean(root, "CreateAlert", true),
          readTests(root.get("Tests")),
          InlineFilter.read(root.get("InlineFilters"), "InlineFilters"),
          null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The YAML document in {@code in} (null when empty).
   *
   * @throws IllegalArgumentException naming {@code name} and the parser's reason, on one line
   */
  static JsonNode readYaml(InputStream in, String name) throws IOException {
    try {
      return YAML.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(name + ": not valid YAML" + (at == null ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()), e);
    }
  }

  private static List<RuleTest> readTests(JsonNode tests) {
    if (tests == null || tests.isNull()) {
      return List.of();
    }
    if (!tests.isArray()) {
      throw new IllegalArgumentException("Tests must be a list");
    }
    List<RuleTest> out = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      out.add(readTest(tests.get(i), "Tests[" + i + "]"));
    }
    return out;
  }

  private static RuleTest readTest(JsonNode test, String where) {
    if (!test.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping");
    }
    JsonNode expected = test.get("ExpectedResult");
    if (expected == null || !expected.isBoolean()) {
      throw new IllegalArgumentException(where + ".ExpectedResult must be true or false");
    }
    JsonNode log = test.get("Log");
    if (log == null || !log.isObject()) {
      throw new IllegalArgumentException(where + ".Log must be a mapping");
    }
    String name = readText(test, "Name", null);
    return new RuleTest(name, expected.booleanValue(), log);
  }

  static String readText(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw new IllegalArgumentException(field + " is missing");
      }
      return fallback;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.textValue();
  }

  static int readInt(JsonNode node, String field, int fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return value.intValue();
  }

  private static boolean readBoolean(JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return value.booleanValue();
  }
}
