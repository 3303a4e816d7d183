package io.trailwatch.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertPublisher;
import io.trailwatch.engine.Finding;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.MatchGroup;
import io.trailwatch.engine.RecordView;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Source;
import io.trailwatch.lambda.AwsServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** One ASFF finding per alert through BatchImportFindings, on moto. */
class SecurityHubPublisherTest {
  private AwsServer aws;
  private SecurityHubPublisher publisher;

  @BeforeEach
  void setUp() {
    aws = AwsServer.connectWithSecurityHub();
    publisher = new SecurityHubPublisher(aws.securityHub, "aws", "us-east-1", "123456789012");
  }

  private static Alert alert(String user, String key, Instant createdAt) throws Exception {
    var record = Json.akiaRecord(user, key, "2024-06-02T20:16:22Z");
    record.putObject("requestParameters").put("blob", "x".repeat(300_000));
    var match = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.S3Object("trail", "AWSLogs/k.json.gz"), Instant.EPOCH);
    return Alert.of(MatchGroup.startingWith(match), Instant.parse("2024-06-02T20:16:22Z"), 3, createdAt);
  }

  /** The findings with {@code id} (filtered here: moto's GetFindings ignores filters). */
  private List<AwsSecurityFinding> findings(String id) {
    return aws.securityHub.getFindingsPaginator(b -> b.maxResults(100)).findings().stream()
        .filter(f -> f.id().equals(id)).toList();
  }

  @Test
  void anAlertIsOneFindingWithTheRequiredFieldsAndTheKeyAsResource() throws Exception {
    Alert alert = alert("alice-" + aws.suffix, "AKIAALICE", Instant.parse("2024-06-02T20:59:01Z"));
    publisher.publish(alert);
    List<AwsSecurityFinding> found = findings("trailwatch/" + alert.alertId());
    assertEquals(1, found.size());
    AwsSecurityFinding f = found.get(0);
    assertEquals("2018-10-08", f.schemaVersion());
    assertEquals("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", f.productArn());
    assertEquals("AWS.CloudTrail.UserAccessKeyAuth", f.generatorId());
    assertEquals("123456789012", f.awsAccountId());
    assertEquals("INFORMATIONAL", f.severity().labelAsString());
    assertEquals(alert.title(), f.title());
    assertTrue(f.description().length() <= 1_024, f.description());
    assertTrue(f.types().get(0).startsWith("Software and Configuration Checks/"), f.types().toString());
    assertEquals("2024-06-02T20:16:22Z", f.createdAt());
    assertEquals("2024-06-02T20:59:01Z", f.updatedAt());
    assertEquals("AwsIamAccessKey", f.resources().get(0).type());
    assertEquals("AKIAALICE", f.resources().get(0).id());
    assertEquals("alice-" + aws.suffix, f.resources().get(0).details().awsIamAccessKey().principalName());
    assertEquals("AwsIamUser", f.resources().get(1).type());
    assertEquals(alert.alertId(), f.productFields().get("trailwatch/alertId"));
  }

  @Test
  void aRedeliveryUpdatesTheFindingInsteadOfAddingOne() throws Exception {
    Alert first = alert("bob-" + aws.suffix, "AKIABOB", Instant.parse("2024-06-02T20:59:01Z"));
    publisher.publish(first);
    Alert again = alert("bob-" + aws.suffix, "AKIABOB", Instant.parse("2024-06-02T21:05:00Z"));
    assertEquals(first.alertId(), again.alertId());
    publisher.publish(again);
    List<AwsSecurityFinding> found = findings("trailwatch/" + first.alertId());
    assertEquals(1, found.size());
    assertEquals("2024-06-02T21:05:00Z", found.get(0).updatedAt());
  }

  @Test
  void aFindingStaysFarBelowSecurityHubsLimitWhateverTheRecord() throws Exception {
    var finding = SecurityHubPublisher.translate(Finding.of(alert("carol", "AKIAC", Instant.EPOCH), "aws", "us-east-1",
        "123456789012"));
    int bytes = software.amazon.awssdk.core.SdkBytes.fromUtf8String(finding.toString()).asByteArray().length;
    assertTrue(bytes < 240 * 1024 / 10, "finding of " + bytes + " bytes");
  }

  @Test
  void aFailureIsAPublishExceptionSoTheAlertIsRetried() throws Exception {
    SecurityHubPublisher unreachable = new SecurityHubPublisher(
        aws.via(java.net.URI.create("http://127.0.0.1:9")).securityHub, "aws", "us-east-1", "123456789012");
    assertThrows(AlertPublisher.PublishException.class,
        () -> unreachable.publish(alert("dan", "AKIAD", Instant.EPOCH)));
  }
}
