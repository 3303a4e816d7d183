package io.trailwatch.aws;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.AlertPublisher;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@link AlertPublisher} over SNS Publish. Rules kept: the message is the alert JSON, shrunk to fit
 * SNS's 256 KB (the embedded event first, with {@code "truncated": true}); the subject is
 * {@code [SEVERITY] title}, printable ASCII, 1 to 99 characters; message attributes {@code ruleId}
 * and {@code severity} let subscribers filter. Any SDK failure is a {@link PublishException}.
 */
public final class SnsAlertPublisher implements AlertPublisher {
  /** SNS's limit for message plus attributes is 262,144 bytes; leave room for the attributes. */
  static final int MAX_MESSAGE_BYTES = 262_144 - 4_096;
  static final int MAX_SUBJECT = 99;

  private final SnsClient sns;
  private final String topicArn;

  public SnsAlertPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(Alert alert) throws PublishException {
    PublishRequest request = PublishRequest.builder()
        .topicArn(topicArn)
        .subject(subject(alert))
        .message(AlertJson.fit(alert, MAX_MESSAGE_BYTES))
        .messageAttributes(Map.of(
            "ruleId", text(alert.rule().ruleId()),
            "severity", text(alert.rule().severity())))
        .build();
    try {
      sns.publish(request);
    } catch (SdkException e) {
      throw new PublishException("SNS Publish of alert " + alert.alertId() + " failed: " + e.getMessage(), e);
    }
  }

  static String subject(Alert alert) {
    StringBuilder sb = new StringBuilder();
    String raw = "[" + alert.rule().severity() + "] " + alert.title();
    for (int i = 0; i < raw.length() && sb.length() < MAX_SUBJECT; i++) {
      char c = raw.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (raw.length() > MAX_SUBJECT) {
      sb.setLength(MAX_SUBJECT - 3);
      sb.append("...");
    }
    return sb.toString();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
