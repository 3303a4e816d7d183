package io.trailwatch.engine;

import static io.trailwatch.engine.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAccessKeyAuthTest {
  private static final UserAccessKeyAuth UAKA = (UserAccessKeyAuth) Rules.userAccessKeyAuth();

  static Stream<RuleMetadata.RuleTest> seedTests() {
    return RuleMetadata.builtIn().tests().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedTests")
  void givenSeedTest_whenRule_expectPanthersExpectedResult(RuleMetadata.RuleTest test) throws RuleException {
    assertEquals(test.expectedResult(), UAKA.rule(test.log()), test.name());
  }

  @Test
  void givenShippedRule_whenRunTests_expectAllFourPass() {
    List<RuleTests.Outcome> outcomes = RuleTests.run(UAKA);
    assertEquals(4, outcomes.size());
    assertTrue(outcomes.stream().allMatch(RuleTests.Outcome::passed), outcomes.toString());
  }

  @ParameterizedTest(name = "errorCode {0} blocks the match")
  @ValueSource(strings = {"'AccessDenied'", "true", "1", "[1]", "{'a':1}"})
  void givenTruthyErrorCode_whenRule_expectNoMatch(String errorCode) throws RuleException {
    assertFalse(UAKA.rule(obj("{'errorCode':" + errorCode + ",'userIdentity':{'accessKeyId':'AKIAX'}}")));
    assertFalse(UAKA.rule(obj("{'errorMessage':" + errorCode + ",'userIdentity':{'accessKeyId':'AKIAX'}}")));
  }

  @ParameterizedTest(name = "errorCode {0} does not block the match")
  @ValueSource(strings = {"null", "''", "false", "0", "[]", "{}"})
  void givenFalsyErrorCode_whenRule_expectMatch(String errorCode) throws RuleException {
    assertTrue(UAKA.rule(obj("{'errorCode':" + errorCode + ",'errorMessage':" + errorCode
        + ",'userIdentity':{'accessKeyId':'AKIAX'}}")));
  }

  @ParameterizedTest(name = "accessKeyId {0} does not match")
  @ValueSource(strings = {"{'accessKeyId':'akiaLOWER'}", "{'accessKeyId':'ASIATEMP'}", "{'accessKeyId':''}",
      "{'accessKeyId':null}", "{}", "{'accessKeyId':' AKIA'}"})
  void givenNoLongTermKey_whenRule_expectNoMatch(String identity) throws RuleException {
    assertFalse(UAKA.rule(obj("{'userIdentity':" + identity + "}")));
  }

  @Test
  void givenKeyUnderOtherCaseFieldNames_whenRule_expectMatch() throws RuleException {
    assertTrue(UAKA.rule(obj("{'useridentity':{'AccessKeyID':'AKIAX'}}")));
  }

  @ParameterizedTest(name = "accessKeyId {0} is a rule error")
  @ValueSource(strings = {"12", "true", "['AKIA']", "{'a':'AKIA'}"})
  void givenNonStringAccessKeyId_whenRule_expectRuleError(String value) {
    RuleException e = assertThrows(RuleException.class,
        () -> UAKA.rule(obj("{'userIdentity':{'accessKeyId':" + value + "}}")));
    assertTrue(e.getMessage().startsWith("userIdentity.accessKeyId is "), e.getMessage());
  }

  @Test
  void givenMatch_whenTitleAndDedup_expectPanthersFormat() {
    var record = Json.akiaRecord("alice", "AKIAEXAMPLE", "2024-06-02T20:16:22Z");
    String expected = "User arn:aws:iam::123456789012:user/alice signed in with access key AKIAEXAMPLE";
    assertEquals(expected, UAKA.title(record));
    assertEquals(expected, UAKA.dedup(record));
  }

  @Test
  void givenNoArn_whenTitle_expectPythonNone() {
    assertEquals("User None signed in with access key AKIAX",
        UAKA.title(obj("{'userIdentity':{'accessKeyId':'AKIAX','arn':null}}")));
  }

  @Test
  void givenTitleOver1000Chars_whenTitle_expectFirst985CharsAndTruncatedMarker() {
    String arn = "a".repeat(2000);
    String title = UAKA.title(obj("{'userIdentity':{'accessKeyId':'AKIAX','arn':'" + arn + "'}}"));
    assertEquals(1000, title.length());
    assertEquals(("User " + arn).substring(0, 985) + "... (truncated)", title);
    assertEquals(title, UAKA.dedup(obj("{'userIdentity':{'accessKeyId':'AKIAX','arn':'" + arn + "'}}")));
  }

  @Test
  void givenTitleOfExactly1000Chars_whenTitle_expectUnchanged() {
    String prefix = "User  signed in with access key AKIAX";
    String arn = "b".repeat(1000 - prefix.length());
    assertEquals(1000, UAKA.title(obj("{'userIdentity':{'accessKeyId':'AKIAX','arn':'" + arn + "'}}")).length());
    assertFalse(UAKA.title(obj("{'userIdentity':{'accessKeyId':'AKIAX','arn':'" + arn + "'}}")).endsWith("(truncated)"));
  }

  @Test
  void givenIpAndKey_whenAlertContext_expectIpColonKey() throws RuleException {
    assertEquals(Map.of("ip_accessKeyId", "198.51.100.7:AKIAEXAMPLE"),
        UAKA.alertContext(Json.akiaRecord("alice", "AKIAEXAMPLE", "2024-06-02T20:16:22Z")));
  }

  @Test
  void givenNoIp_whenAlertContext_expectNotFoundPlaceholder() throws RuleException {
    assertEquals(Map.of("ip_accessKeyId", "{not found}:AKIAX"),
        UAKA.alertContext(obj("{'sourceIPAddress':null,'userIdentity':{'accessKeyId':'AKIAX'}}")));
    assertEquals(Map.of("ip_accessKeyId", "{not found}:{not found}"), UAKA.alertContext(obj("{}")));
  }

  @Test
  void givenNonStringIp_whenAlertContext_expectRuleError() {
    RuleException e = assertThrows(RuleException.class,
        () -> UAKA.alertContext(obj("{'sourceIPAddress':7,'userIdentity':{'accessKeyId':'AKIAX'}}")));
    assertEquals("sourceIPAddress is not a string", e.getMessage());
  }
}
