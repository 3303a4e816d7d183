package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertTextTest {
  private static Alert alert(Match match) {
    return Alert.of(MatchGroup.startingWith(match), Instant.parse("2024-06-02T20:16:22Z"), 3,
        Instant.parse("2024-06-02T20:59:01Z"));
  }

  @Test
  void givenAKeyUseAlert_whenWritten_expectWhoWhichKeyFromWhereTheLinkAndTheCommands() throws Exception {
    Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z")),
        new Source.S3Object("trail", "AWSLogs/k.json.gz"), Instant.EPOCH);
    String text = AlertText.of(alert(match));
    assertTrue(text.startsWith("User arn:aws:iam::123456789012:user/alice signed in with access key AKIAALICE\n\n"), text);
    assertTrue(text.contains("Severity:     INFO (AWS.CloudTrail.UserAccessKeyAuth)\n"), text);
    assertTrue(text.contains("Who:          arn:aws:iam::123456789012:user/alice\n"), text);
    assertTrue(text.contains("Access key:   AKIAALICE\n"), text);
    assertTrue(text.contains("From:         198.51.100.7 ((unknown))\n"), text);
    assertTrue(text.contains("Events:       3 in the 60-minute window from 2024-06-02T20:16:22Z\n"), text);
    assertTrue(text.contains("Activity:     1 call(s) from 2024-06-02T20:16:22Z to 2024-06-02T20:16:22Z:"
        + " sts.amazonaws.com:GetCallerIdentity x1\nAddresses:    198.51.100.7\nRegions:      us-east-1\n"), text);
    assertTrue(text.contains("First event:  sts.amazonaws.com GetCallerIdentity at 2024-06-02T20:16:22Z, eventID "
        + "alice-2024-06-02T20:16:22Z\n"), text);
    assertTrue(text.contains("In CloudTrail: https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1"
        + "#/events/alice-2024-06-02T20:16:22Z\n"), text);
    assertTrue(text.contains("  aws iam update-access-key --user-name alice --access-key-id AKIAALICE --status Inactive\n"
        + "  aws iam list-access-keys --user-name alice\n"
        + "  aws iam get-access-key-last-used --access-key-id AKIAALICE\n"), text);
    assertTrue(text.endsWith("from s3://trail/AWSLogs/k.json.gz\n"), text);
  }

  @Test
  void givenARecordWithoutRegionOrId_whenWritten_expectNoLinkAndUnknownValues() throws Exception {
    var record = Json.obj("{'userIdentity':{'accessKeyId':'AKIAX'}}");
    Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.File("f"), Instant.EPOCH);
    String text = AlertText.of(alert(match));
    assertTrue(!text.contains("In CloudTrail:"), text);
    assertTrue(text.contains("Who:          (unknown)\n"), text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("Access key:   AKIAX")).count(), text);
  }

  @Test
  void givenACorrelationAlert_whenWritten_expectTheCreationTheFirstUseAndTheKey() {
    var event = Json.obj("{'creation':{'eventID':'create-1','eventTime':'2024-06-02T10:00:00Z','actor':'arn:aws:iam::1:user/admin',"
        + "'targetUser':'victim','accessKeyId':'AKIANEW','sourceIPAddress':'203.0.113.10'},"
        + "'firstUse':{'eventID':'use-1','eventTime':'2024-06-02T10:20:00Z','eventSource':'s3.amazonaws.com',"
        + "'eventName':'ListBuckets','awsRegion':'eu-west-1','sourceIPAddress':'203.0.113.10'}}");
    Alert alert = new Alert("id", new Alert.Settings("AWS.Privilege.Escalation.Via.User.Compromise", "MEDIUM", 60, 1),
        "Access key AKIANEW created by arn:aws:iam::1:user/admin for victim was used", "k", Instant.EPOCH, 1, null,
        java.util.Map.of(), new Entities(java.util.Map.of()), new io.trailwatch.engine.Activity(1, Instant.EPOCH, Instant.EPOCH, java.util.Map.of(), 1, java.util.List.of(), java.util.List.of(), java.util.List.of(), false), event, new Source.File("f"), Instant.EPOCH, false);
    String text = AlertText.of(alert);
    assertTrue(text.contains("Created:      2024-06-02T10:00:00Z by arn:aws:iam::1:user/admin for victim from 203.0.113.10,"
        + " eventID create-1\n"), text);
    assertTrue(text.contains("First used:   2024-06-02T10:20:00Z s3.amazonaws.com ListBuckets in eu-west-1 from 203.0.113.10,"
        + " eventID use-1\n"), text);
    assertTrue(text.contains("  aws iam update-access-key --user-name victim --access-key-id AKIANEW --status Inactive\n"), text);
  }
}
