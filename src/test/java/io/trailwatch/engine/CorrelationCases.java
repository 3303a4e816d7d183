package io.trailwatch.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation's cases as log files, for every door: a key created by admin for victim from one
 * address, then used; each case names its files (in the order their names sort, which is the order
 * {@code scan} reads them) and whether the correlation must fire.
 */
public enum CorrelationCases {
  CREATED_THEN_USED_FROM_THE_SAME_IP(true, "A", 20, false, false, false, false),
  USED_FROM_A_DIFFERENT_IP(false, "B", 20, false, false, false, false),
  A_USER_CREATING_ITS_OWN_KEY(false, "A", 20, true, false, false, false),
  USED_65_MINUTES_AFTER(false, "A", 65, false, false, false, false),
  USED_BEFORE_THE_CREATION(false, "A", -5, false, false, false, false),
  THE_USE_FILE_ARRIVING_FIRST(true, "A", 20, false, true, false, false),
  A_FAILED_CREATION(false, "A", 20, false, false, true, false),
  A_FAILED_USE(false, "A", 20, false, false, false, true);

  public static final String CORRELATION = "AWS.Privilege.Escalation.Via.User.Compromise";
  public static final String NEW_KEY = "AKIABACKDOORNEWKEY";
  static final Instant CREATED = Instant.parse("2024-06-02T10:00:00Z");
  private static final Map<String, String> IPS = Map.of("A", "203.0.113.10", "B", "203.0.113.99");

  public final boolean fires;
  private final String useIp;
  private final long useMinutes;
  private final boolean ownKey;
  private final boolean useFirst;
  private final boolean failedCreation;
  private final boolean failedUse;

  CorrelationCases(boolean fires, String useIp, long useMinutes, boolean ownKey, boolean useFirst,
      boolean failedCreation, boolean failedUse) {
    this.fires = fires;
    this.useIp = useIp;
    this.useMinutes = useMinutes;
    this.ownKey = ownKey;
    this.useFirst = useFirst;
    this.failedCreation = failedCreation;
    this.failedUse = failedUse;
  }

  /** File name (CloudTrail's layout, sorting in arrival order) to gzipped log. */
  public Map<String, byte[]> files() {
    String creator = ownKey ? "victim" : "admin";
    ObjectNode creation = Json.obj("{'eventVersion':'1.08','eventSource':'iam.amazonaws.com','eventName':'CreateAccessKey',"
        + "'awsRegion':'us-east-1','eventTime':'" + CREATED + "','eventID':'create-1','sourceIPAddress':'" + IPS.get("A")
        + "','userIdentity':{'type':'IAMUser','arn':'arn:aws:iam::123456789012:user/" + creator + "',"
        + "'accountId':'123456789012','userName':'" + creator + "'},'requestParameters':{'userName':'victim'},"
        + "'responseElements':{'accessKey':{'accessKeyId':'" + NEW_KEY + "','status':'Active','userName':'victim'}},"
        + "'recipientAccountId':'123456789012'}");
    if (failedCreation) {
      creation.put("errorCode", "LimitExceededException");
    }
    ObjectNode use = Json.akiaRecord("victim", NEW_KEY, CREATED.plus(Duration.ofMinutes(useMinutes)).toString());
    use.put("sourceIPAddress", IPS.get(useIp)).put("awsRegion", "eu-west-1").put("eventID", "use-1");
    if (failedUse) {
      use.put("errorCode", "AccessDenied");
    }
    String iam = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/02/123456789012_CloudTrail_us-east-1_20240602T1000Z_iam.json.gz";
    String other = "AWSLogs/123456789012/CloudTrail/eu-west-1/2024/06/02/123456789012_CloudTrail_eu-west-1_20240602T1020Z_use.json.gz";
    Map<String, byte[]> files = new LinkedHashMap<>();
    String useName = useFirst ? "AWSLogs/123456789012/CloudTrail/ap-south-1/2024/06/02/first_use.json.gz" : other;
    if (useFirst) {
      files.put(useName, Logs.gzip(Logs.cloudTrail(List.of(use))));
      files.put(iam, Logs.gzip(Logs.cloudTrail(List.of(creation))));
    } else {
      files.put(iam, Logs.gzip(Logs.cloudTrail(List.of(creation))));
      files.put(useName, Logs.gzip(Logs.cloudTrail(List.of(use))));
    }
    return files;
  }

  /** The key the correlation joins on in this case. */
  public String key() {
    return IPS.get("A") + ":" + NEW_KEY;
  }
}
