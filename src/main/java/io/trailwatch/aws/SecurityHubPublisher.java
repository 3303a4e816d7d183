package io.trailwatch.aws;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertPublisher;
import io.trailwatch.engine.Finding;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsIamAccessKeyDetails;
import software.amazon.awssdk.services.securityhub.model.AwsIamUserDetails;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.ResourceDetails;
import software.amazon.awssdk.services.securityhub.model.Severity;

/**
 * {@link AlertPublisher} into AWS Security Hub: one ASFF finding per alert ({@link Finding}) through
 * BatchImportFindings; it only translates. A finding Security Hub reports as failed, or any SDK failure,
 * is a {@link PublishException} (the alert is retried; the same finding id updates, never duplicates).
 * One finding a request: far within the 100 findings and 6 MB a request, and 240 KB a finding.
 */
public final class SecurityHubPublisher implements AlertPublisher {
  public static final String DESTINATION = "securityhub";

  private final SecurityHubClient securityHub;
  private final String partition;
  private final String region;
  private final String account;

  public SecurityHubPublisher(SecurityHubClient securityHub, String partition, String region, String account) {
    this.securityHub = securityHub;
    this.partition = partition;
    this.region = region;
    this.account = account;
  }

  @Override
  public String destination() {
    return DESTINATION;
  }

  @Override
  public void publish(Alert alert) throws PublishException {
    AwsSecurityFinding finding = translate(Finding.of(alert, partition, region, account));
    BatchImportFindingsResponse response;
    try {
      response = securityHub.batchImportFindings(b -> b.findings(finding));
    } catch (SdkException e) {
      throw new PublishException("Security Hub BatchImportFindings of alert " + alert.alertId() + " failed: "
          + e.getMessage(), e);
    }
    if (response.failedCount() != null && response.failedCount() > 0) {
      var failed = response.failedFindings().isEmpty() ? null : response.failedFindings().get(0);
      throw new PublishException("Security Hub refused the finding of alert " + alert.alertId()
          + (failed == null ? "" : ": " + failed.errorCode() + " " + failed.errorMessage()), null);
    }
  }

  static AwsSecurityFinding translate(Finding f) {
    return AwsSecurityFinding.builder()
        .schemaVersion(Finding.SCHEMA_VERSION)
        .id(f.id())
        .productArn(f.productArn())
        .generatorId(f.generatorId())
        .awsAccountId(f.awsAccountId())
        .types(f.types())
        .createdAt(f.createdAt().toString())
        .updatedAt(f.updatedAt().toString())
        .firstObservedAt(f.firstObservedAt().toString())
        .lastObservedAt(f.lastObservedAt().toString())
        .severity(Severity.builder().label(f.severityLabel()).build())
        .title(f.title())
        .description(f.description())
        .sourceUrl(f.sourceUrl())
        .productFields(f.productFields())
        .resources(f.resources().stream().map(SecurityHubPublisher::resource).toList())
        .build();
  }

  private static Resource resource(Finding.Resource r) {
    ResourceDetails.Builder details = ResourceDetails.builder();
    var d = r.details();
    if (r.type().equals("AwsIamAccessKey")) {
      details.awsIamAccessKey(AwsIamAccessKeyDetails.builder().accessKeyId(d.get("AccessKeyId"))
          .principalName(d.get("PrincipalName")).principalType(d.get("PrincipalType")).principalId(d.get("PrincipalId"))
          .accountId(d.get("AccountId")).build());
    } else {
      details.awsIamUser(AwsIamUserDetails.builder().userName(d.get("UserName")).userId(d.get("UserId")).build());
    }
    return Resource.builder().type(r.type()).id(r.id()).partition(r.partition()).region(r.region())
        .details(details.build()).build();
  }
}
