package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TuningTest {
  static final String CI = "arn:aws:iam::123456789012:user/ci-deployer";
  static final String EXAMPLE = """
      AWS.CloudTrail.UserAccessKeyAuth:
        InlineFilters:
          - None:
              - KeyPath: userIdentity.arn
                Condition: IsIn
                Values: [%s]
        NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress], HistoryDays: 10}
        DedupPeriodMinutes: 30
        Threshold: 1
        Severity: Low
      AWS.IAM.Backdoor.User.Keys:
        Threshold: 3
      AWS.Privilege.Escalation.Via.User.Compromise:
        Severity: Critical
      """.formatted(CI);

  static Tuning read(String yaml) throws IOException {
    return Tuning.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yml");
  }

  @Test
  void theIssuesExampleSetsEverySettingOfItsRule() throws IOException {
    List<Rule> rules = read(EXAMPLE).apply(Rules.shipped());
    RuleMetadata tuned = rules.get(0).metadata();
    assertEquals("LOW", tuned.severity());
    assertEquals(30, tuned.dedupPeriodMinutes());
    assertEquals(1, tuned.threshold());
    assertEquals(3, rules.get(1).metadata().threshold());
    assertEquals(List.of("userIdentity.accessKeyId", "sourceIPAddress"), tuned.newTerms().fields());
    assertEquals(10, tuned.newTerms().historyDays());
    assertTrue(tuned.tests().size() > 0, "the rule keeps its tests");
    assertEquals(Rules.shipped().get(1).metadata().severity(), rules.get(1).metadata().severity(),
        "what the file leaves out is the rule's own");
    assertNull(rules.get(1).metadata().newTerms());
    assertEquals("CRITICAL", read(EXAMPLE).apply(CorrelationRule.builtIn()).metadata().severity());
  }

  @Test
  void filteredRecordsNeverReachTheRuleAndAreCounted() throws IOException {
    List<Rule> rules = read(EXAMPLE).apply(Rules.shipped());
    byte[] log = Logs.cloudTrail(List.of(
        Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T10:00:00Z"),
        Json.akiaRecord("intruder", "AKIAINTRUDER", "2024-06-02T10:01:00Z"),
        Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T10:02:00Z")));
    List<Match> matches = new ArrayList<>();
    Engine.Result result = Engine.create(rules, CloudTrailReader.Limits.DEFAULT, new TestClock(Instant.EPOCH))
        .scan(new ByteArrayInputStream(log), new Source.File("x.json"), matches::add);
    assertEquals(List.of("AKIAINTRUDER"), matches.stream().map(m -> m.entities().get(Entities.Kind.TRACE_IDS).get(0)).toList());
    assertEquals(1, result.matches());
    assertEquals(2, result.filtered());
  }

  @Test
  void aRuleFileAndTheTuningFileMustBothPass() throws IOException {
    RuleMetadata own = RuleMetadata.read(new ByteArrayInputStream(("RuleID: AWS.CloudTrail.UserAccessKeyAuth\n"
        + "InlineFilters:\n  - KeyPath: awsRegion\n    Condition: Equals\n    Value: us-east-1\n").getBytes(StandardCharsets.UTF_8)), "r.yml");
    Rule rule = read(EXAMPLE).apply(List.of(Rules.of(own))).get(0);
    InlineFilter both = rule.metadata().inlineFilters();
    assertTrue(both.test(Json.akiaRecord("intruder", "AKIAX", "2024-06-02T10:00:00Z").put("awsRegion", "us-east-1")));
    assertEquals(false, both.test(Json.akiaRecord("intruder", "AKIAX", "2024-06-02T10:00:00Z").put("awsRegion", "eu-west-1")));
    assertEquals(false, both.test(Json.akiaRecord("ci-deployer", "AKIAX", "2024-06-02T10:00:00Z").put("awsRegion", "us-east-1")));
  }

  @Test
  void anEmptyFileTunesNothing() throws IOException {
    assertEquals(Rules.shipped().stream().map(Rule::metadata).toList(),
        read("").apply(Rules.shipped()).stream().map(Rule::metadata).toList());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void anInvalidFileIsRefusedWithTheFileAndThePlaceNamed(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(yaml));
    assertEquals("t.yml: " + message, e.getMessage());
  }

  static Stream<Arguments> invalid() {
    String rule = "AWS.CloudTrail.UserAccessKeyAuth:\n  ";
    return Stream.of(
        Arguments.of("AWS.Unknown.Rule: {}", "unknown RuleID AWS.Unknown.Rule; Trailwatch has [AWS.CloudTrail.UserAccessKeyAuth,"
            + " AWS.IAM.Backdoor.User.Keys, AWS.Privilege.Escalation.Via.User.Compromise]"),
        Arguments.of(rule + "Dedup: 5", "AWS.CloudTrail.UserAccessKeyAuth: unknown setting Dedup (expected"
            + " [DedupPeriodMinutes, InlineFilters, NewTerms, Severity, Threshold])"),
        Arguments.of(rule + "DedupPeriodMinutes: 4",
            "AWS.CloudTrail.UserAccessKeyAuth.DedupPeriodMinutes must be a whole number from 5 to 1440, not 4"),
        Arguments.of(rule + "Threshold: 0",
            "AWS.CloudTrail.UserAccessKeyAuth.Threshold must be a whole number from 1 to any, not 0"),
        Arguments.of(rule + "Severity: Urgent", "AWS.CloudTrail.UserAccessKeyAuth: Severity must be one of"
            + " [INFO, LOW, MEDIUM, HIGH, CRITICAL], not Urgent"),
        Arguments.of(rule + "NewTerms: {Fields: [sourceIPAddress], HistoryDays: 0}",
            "AWS.CloudTrail.UserAccessKeyAuth.NewTerms.HistoryDays must be a whole number from 1 to 365"),
        Arguments.of(rule + "NewTerms: {Fields: [], HistoryDays: 3}",
            "AWS.CloudTrail.UserAccessKeyAuth.NewTerms.Fields must list 1 to 5 KeyPaths"),
        Arguments.of(rule + "InlineFilters:\n    - KeyPath: a\n      Condition: Like\n      Value: x",
            "AWS.CloudTrail.UserAccessKeyAuth.InlineFilters[0].Condition: unknown condition Like; Trailwatch has "
                + InlineFilter.Condition.names()),
        Arguments.of("AWS.Privilege.Escalation.Via.User.Compromise:\n  Threshold: 2",
            "AWS.Privilege.Escalation.Via.User.Compromise: Threshold applies to rules, not to a correlation rule"),
        Arguments.of("- a list", "a tuning file must be a mapping of RuleID to settings"),
        Arguments.of("a: [", "not valid YAML at line 1, column 5"));
  }
}
