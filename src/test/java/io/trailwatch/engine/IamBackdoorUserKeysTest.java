package io.trailwatch.engine;

import static io.trailwatch.engine.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Panther's AWS.IAM.Backdoor.User.Keys, edge by edge (its own Tests run in TestCommandTest). */
class IamBackdoorUserKeysTest {
  private static final Rule RULE = Rules.shipped().stream()
      .filter(r -> r.metadata().ruleId().equals(IamBackdoorUserKeys.ID)).findFirst().orElseThrow();

  private static ObjectNode created(String actorArn, String target) {
    return obj("{'eventSource':'iam.amazonaws.com','eventName':'CreateAccessKey','sourceIPAddress':'203.0.113.7',"
        + "'eventTime':'2024-06-02T20:00:00Z','userIdentity':{'type':'IAMUser','arn':'" + actorArn + "'},"
        + "'responseElements':{'accessKey':{'accessKeyId':'AKIANEWKEY','userName':'" + target + "'}}}");
  }

  @Test
  void givenTheShippedYaml_whenRead_expectPanthersSettings() {
    RuleMetadata metadata = RULE.metadata();
    assertEquals(List.of("MEDIUM", 60, 1, 5), List.of(metadata.severity(), metadata.dedupPeriodMinutes(),
        metadata.threshold(), metadata.tests().size()));
    assertTrue(RuleTests.run(RULE).stream().allMatch(RuleTests.Outcome::passed));
  }

  @Test
  void givenSomeoneCreatingAKeyForAnother_whenEvaluated_expectTitleDedupAndTheNewKeysIpContext() throws Exception {
    ObjectNode event = created("arn:aws:iam::1:user/admin", "victim");
    assertTrue(RULE.rule(event));
    assertEquals("[arn:aws:iam::1:user/admin] created API keys for [victim]", RULE.title(event));
    assertEquals("arn:aws:iam::1:user/admin", RULE.dedup(event));
    Map<String, String> context = RULE.alertContext(event);
    assertEquals("203.0.113.7:AKIANEWKEY", context.get("ip_accessKeyId"));
    assertEquals("CreateAccessKey", context.get("eventName"));
    assertEquals("<MISSING_USER_AGENT>", context.get("userAgent"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"self", "failed", "otherEvent", "otherSource", "lowercaseName"})
  void givenNoBackdoor_whenEvaluated_expectNoMatch(String variant) throws Exception {
    ObjectNode event = created("arn:aws:iam::1:user/alice", "bob");
    switch (variant) {
      case "self" -> event = created("arn:aws:iam::1:user/alice", "alice");
      case "failed" -> event.put("errorCode", "LimitExceededException");
      case "otherEvent" -> event.put("eventName", "CreateAccessKeys");
      case "otherSource" -> event.put("eventSource", "sts.amazonaws.com");
      default -> event.put("eventName", "createaccesskey");
    }
    assertFalse(RULE.rule(event));
  }

  @Test
  void givenKeysInOtherCasesOrMissingFields_whenEvaluated_expectPanthersLookupAndDefaults() throws Exception {
    ObjectNode upper = obj("{'EVENTSOURCE':'iam.amazonaws.com','EventName':'CreateAccessKey',"
        + "'USERIDENTITY':{'ARN':'arn:aws:iam::1:user/a'},'responseElements':{'accessKey':{'USERNAME':'b'}}}");
    assertTrue(RULE.rule(upper), "Panther's lookup ignores case");
    ObjectNode noArn = obj("{'eventSource':'iam.amazonaws.com','eventName':'CreateAccessKey'}");
    assertTrue(RULE.rule(noArn), "deep_get defaults: '' does not end with 'user/'");
    assertEquals("[None] created API keys for []", RULE.title(noArn));
    RuleException missingIp = assertThrows(RuleException.class, () -> RULE.alertContext(noArn));
    assertEquals("sourceIPAddress is missing (ip_accessKeyId)", missingIp.getMessage());
  }

  @Test
  void givenAnArnThatIsNotAString_whenEvaluated_expectARuleError() {
    ObjectNode event = created("x", "y");
    ((ObjectNode) event.get("userIdentity")).put("arn", 7);
    assertThrows(RuleException.class, () -> RULE.rule(event));
  }
}
