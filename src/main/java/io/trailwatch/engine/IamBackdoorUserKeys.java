package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panther's {@code AWS.IAM.Backdoor.User.Keys}, function by function, with Panther's semantics
 * (its {@code deep_get} defaults and case-insensitive lookup, {@code aws_cloudtrail_success}).
 *
 * <ul>
 *   <li>{@link #rule}: no match when errorCode or errorMessage is truthy; else a match iff eventSource
 *       is {@code iam.amazonaws.com}, eventName is {@code CreateAccessKey}, and userIdentity.arn
 *       (absent reads as "") does not end with {@code user/} + responseElements.accessKey.userName
 *       (absent reads as ""): someone created a key for another user. A present arn that is not a
 *       string raises (Python's {@code endswith}).</li>
 *   <li>{@link #title}: {@code [{arn}] created API keys for [{userName}]}; {@link #dedup}: the arn
 *       (absent as {@code None}); both cut to Panther's 1000 characters.</li>
 *   <li>{@link #alertContext}: {@code aws_rule_context}'s eventName, eventSource, sourceIPAddress,
 *       userAgent and userIdentity (as JSON text), plus {@code ip_accessKeyId} =
 *       sourceIPAddress:responseElements.accessKey.accessKeyId (the new key); either absent or not a
 *       string raises, as Python's string concatenation would.</li>
 * </ul>
 */
public final class IamBackdoorUserKeys implements Rule {
  public static final String ID = "AWS.IAM.Backdoor.User.Keys";

  private final RuleMetadata metadata;

  IamBackdoorUserKeys(RuleMetadata metadata) {
    this.metadata = metadata;
  }

  @Override
  public RuleMetadata metadata() {
    return metadata;
  }

  @Override
  public List<String> reads() {
    return List.of("errorCode", "errorMessage", "eventSource", "eventName", "userIdentity", "responseElements.accessKey",
        "sourceIPAddress", "userAgent");
  }

  @Override
  public boolean rule(JsonNode event) throws RuleException {
    if (!Fields.cloudTrailSuccess(event)) {
      return false;
    }
    if (!"iam.amazonaws.com".equals(Fields.text(event, "eventSource"))
        || !"CreateAccessKey".equals(Fields.text(event, "eventName"))) {
      return false;
    }
    JsonNode arn = Fields.get(event, "userIdentity", "arn");
    if (arn != null && !arn.isTextual()) {
      throw new RuleException("userIdentity.arn is not a string");
    }
    return !(arn == null ? "" : arn.textValue()).endsWith("user/" + targetUser(event));
  }

  @Override
  public String title(JsonNode event) {
    return UserAccessKeyAuth.truncate("[" + Fields.pythonStr(Fields.get(event, "userIdentity", "arn"))
        + "] created API keys for [" + targetUser(event) + "]");
  }

  @Override
  public String dedup(JsonNode event) {
    return UserAccessKeyAuth.truncate(Fields.pythonStr(Fields.get(event, "userIdentity", "arn")));
  }

  @Override
  public Map<String, String> alertContext(JsonNode event) throws RuleException {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("eventName", orMissing(event, "eventName", "<MISSING_EVENT_NAME>"));
    context.put("eventSource", orMissing(event, "eventSource", "<MISSING_ACCOUNT_ID>"));
    context.put("sourceIPAddress", orMissing(event, "sourceIPAddress", "<MISSING_SOURCE_IP>"));
    context.put("userAgent", orMissing(event, "userAgent", "<MISSING_USER_AGENT>"));
    context.put("userIdentity", orMissing(event, "userIdentity", "<MISSING_USER_IDENTITY>"));
    context.put("ip_accessKeyId", required(event, "sourceIPAddress") + ":"
        + required(event, "responseElements", "accessKey", "accessKeyId"));
    return context;
  }

  /** The user the key was made for, as the rule's f-string renders it ("" when absent). */
  private static String targetUser(JsonNode event) {
    JsonNode user = Fields.get(event, "responseElements", "accessKey", "userName");
    return user == null ? "" : Fields.pythonStr(user);
  }

  private static String orMissing(JsonNode event, String field, String missing) {
    JsonNode value = Fields.get(event, field);
    return value == null ? missing : value.isTextual() ? value.textValue() : value.toString();
  }

  private static String required(JsonNode event, String... path) throws RuleException {
    JsonNode value = Fields.get(event, path);
    if (value == null || !value.isTextual()) {
      throw new RuleException(String.join(".", path) + (value == null ? " is missing" : " is not a string")
          + " (ip_accessKeyId)");
    }
    return value.textValue();
  }
}
