package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  @TempDir Path dir;

  @Test
  void givenTheShippedRules_whenTested_expectEveryTestPassesAndAClosingLine() {
    Cli cli = Cli.run("test");
    assertEquals(0, cli.status());
    assertEquals(List.of(
        "PASS AWS.CloudTrail.UserAccessKeyAuth: Access Key Action Failed",
        "PASS AWS.CloudTrail.UserAccessKeyAuth: Access Key Action Success",
        "PASS AWS.CloudTrail.UserAccessKeyAuth: Console Login",
        "PASS AWS.CloudTrail.UserAccessKeyAuth: No Access Key",
        "PASS AWS.IAM.Backdoor.User.Keys: CreateKey returns error code",
        "PASS AWS.IAM.Backdoor.User.Keys: jack create keys for jackson",
        "PASS AWS.IAM.Backdoor.User.Keys: jackson create keys for jack",
        "PASS AWS.IAM.Backdoor.User.Keys: user1 create keys for user1",
        "PASS AWS.IAM.Backdoor.User.Keys: user1 create keys for user2",
        "PASS AWS.Privilege.Escalation.Via.User.Compromise: Access Key Created and Used from Same IP",
        "PASS AWS.Privilege.Escalation.Via.User.Compromise: Access Key Created and Used from Different IPs",
        "PASS AWS.Privilege.Escalation.Via.User.Compromise: Single IP Creates Access Key, Uses Different Key",
        "PASS AWS.Privilege.Escalation.Via.User.Compromise: Access Key Created But Not Used",
        "PASS AWS.Privilege.Escalation.Via.User.Compromise: Access Key Used But Not Created",
        "14 passed, 0 failed"), cli.outLines());
  }

  @Test
  void givenRuleWithWrongExpectation_whenTested_expectFailLineAndExit1() throws IOException {
    Path rule = Files.writeString(dir.resolve("r.yml"), """
        RuleID: AWS.CloudTrail.UserAccessKeyAuth
        Tests:
          - Name: claims a match
            ExpectedResult: true
            Log: {userIdentity: {accessKeyId: ASIAXYZ}}
          - Name: raises
            ExpectedResult: false
            Log: {userIdentity: {accessKeyId: 7}}
        """);
    Cli cli = Cli.run("test", rule.toString());
    assertEquals(1, cli.status());
    assertEquals(List.of(
        "FAIL AWS.CloudTrail.UserAccessKeyAuth: claims a match: expected true, the filters and rule() gave false",
        "FAIL AWS.CloudTrail.UserAccessKeyAuth: raises: rule() raised: userIdentity.accessKeyId is number, not a string",
        "0 passed, 2 failed"), cli.outLines());
  }

  @Test
  void givenExpectedMatchWhoseAlertContextRaises_whenTested_expectFail() throws IOException {
    Path rule = Files.writeString(dir.resolve("r.yml"), """
        RuleID: AWS.CloudTrail.UserAccessKeyAuth
        Tests:
          - Name: bad ip
            ExpectedResult: true
            Log: {sourceIPAddress: 5, userIdentity: {accessKeyId: AKIAX}}
        """);
    Cli cli = Cli.run("test", rule.toString());
    assertEquals(1, cli.status());
    assertEquals("FAIL AWS.CloudTrail.UserAccessKeyAuth: bad ip: title/dedup/alertContext raised: sourceIPAddress is not a string",
        cli.outLines().get(0));
  }

  @Test
  void givenUnreadableRuleFile_whenTested_expectExit2NamingIt() throws IOException {
    Path rule = Files.writeString(dir.resolve("r.yml"), "Severity: Info\n");
    Cli cli = Cli.run("test", rule.toString());
    assertEquals(2, cli.status());
    assertTrue(cli.err().startsWith(rule + ": RuleID is missing"), cli.err());
  }

  @Test
  void givenARuleIdTrailwatchHasNoRuleFor_whenTestedOrScanned_expectAUsageErrorNamingTheFile() throws IOException {
    Path rule = Files.writeString(dir.resolve("other.yml"), "RuleID: AWS.Something.Else\nSeverity: High\n");
    for (Cli cli : List.of(Cli.run("test", rule.toString()), Cli.run("scan", "--rule", rule.toString(), "events/cloudtrail"))) {
      assertEquals(2, cli.status());
      assertTrue(cli.err().startsWith(rule + ": unknown RuleID AWS.Something.Else; Trailwatch has "
          + "[AWS.CloudTrail.UserAccessKeyAuth, AWS.IAM.Backdoor.User.Keys]"), cli.err());
      assertEquals("", cli.out());
    }
  }
}
