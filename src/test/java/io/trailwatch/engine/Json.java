package io.trailwatch.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helper: JSON text to trees, with single quotes allowed for readability. */
public final class Json {
  private Json() {}

  public static ObjectNode obj(String json) {
    try {
      return (ObjectNode) CloudTrailReader.mapper().readTree(json.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  public static JsonNode tree(String json) {
    try {
      return CloudTrailReader.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** A successful call signed with a long-term key of user {@code user}. */
  public static ObjectNode akiaRecord(String user, String key, String eventTime) {
    // a principalId of its own, as every IAM user has
    return obj("{'eventVersion':'1.08','userIdentity':{'type':'IAMUser','principalId':'AIDAEXAMPLE"
        + user.toUpperCase(java.util.Locale.ROOT) + "','arn':'arn:aws:iam::123456789012:user/" + user
        + "','accountId':'123456789012','accessKeyId':'" + key + "','userName':'" + user + "'},'eventTime':'" + eventTime + "','eventSource':'sts.amazonaws.com',"
        + "'eventName':'GetCallerIdentity','awsRegion':'us-east-1','sourceIPAddress':'198.51.100.7',"
        + "'eventID':'" + user + "-" + eventTime + "','recipientAccountId':'123456789012'}");
  }
}
