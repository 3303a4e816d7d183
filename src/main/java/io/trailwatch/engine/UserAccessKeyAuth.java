package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Panther's {@code AWS.CloudTrail.UserAccessKeyAuth}, function by function, with Panther's semantics.
 *
 * <ul>
 *   <li>{@link #rule}: no match when errorCode or errorMessage is truthy; else a match iff
 *       userIdentity.accessKeyId (absent reads as "") starts with {@code AKIA}, case-sensitive. A
 *       present accessKeyId that is not a string raises (as Python's {@code startswith} would).</li>
 *   <li>{@link #title}: {@code User {arn} signed in with access key {accessKeyId}}, absent as
 *       {@code None}; cut to Panther's 1000 characters.</li>
 *   <li>{@link #dedup}: the title (the rule defines no dedup function), cut the same way.</li>
 *   <li>{@link #alertContext}: {@code ip_accessKeyId = sourceIPAddress:accessKeyId}, absent as
 *       {@code {not found}}; a present non-string value raises.</li>
 * </ul>
 */
public final class UserAccessKeyAuth implements Rule {
  public static final String ID = "AWS.CloudTrail.UserAccessKeyAuth";
  /** Panther's limit on title and dedup strings. */
  static final int MAX_LENGTH = 1000;
  static final String TRUNCATED = "... (truncated)";
  static final String NOT_FOUND = "{not found}";

  private final RuleMetadata metadata;

  UserAccessKeyAuth(RuleMetadata metadata) {
    this.metadata = metadata;
  }

  @Override
  public RuleMetadata metadata() {
    return metadata;
  }

  @Override
  public List<String> reads() {
    return List.of("errorCode", "errorMessage", "userIdentity.accessKeyId", "userIdentity.arn", "sourceIPAddress");
  }

  @Override
  public boolean rule(JsonNode event) throws RuleException {
    if (!Fields.cloudTrailSuccess(event)) {
      return false;
    }
    JsonNode key = Fields.get(event, "userIdentity", "accessKeyId");
    if (key == null) {
      return false;
    }
    if (!key.isTextual()) {
      throw new RuleException("userIdentity.accessKeyId is " + key.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + ", not a string");
    }
    return key.textValue().startsWith("AKIA");
  }

  @Override
  public String title(JsonNode event) {
    return truncate("User " + Fields.pythonStr(Fields.get(event, "userIdentity", "arn"))
        + " signed in with access key " + Fields.pythonStr(Fields.get(event, "userIdentity", "accessKeyId")));
  }

  @Override
  public String dedup(JsonNode event) {
    return title(event);
  }

  @Override
  public String dedup(JsonNode event, String title) {
    return title;
  }

  @Override
  public Map<String, String> alertContext(JsonNode event) throws RuleException {
    return Map.of("ip_accessKeyId",
        orNotFound(event, "sourceIPAddress") + ":" + orNotFound(event, "userIdentity", "accessKeyId"));
  }

  static String orNotFound(JsonNode event, String... path) throws RuleException {
    JsonNode value = Fields.get(event, path);
    if (value == null) {
      return NOT_FOUND;
    }
    if (!value.isTextual()) {
      throw new RuleException(String.join(".", path) + " is not a string");
    }
    return value.textValue();
  }

  static String truncate(String text) {
    return text.length() <= MAX_LENGTH
        ? text
        : text.substring(0, MAX_LENGTH - TRUNCATED.length()) + TRUNCATED;
  }
}
