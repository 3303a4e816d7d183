package io.trailwatch.aws;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.AlertPublisher;
import io.trailwatch.engine.AlertText;
import io.trailwatch.engine.ChatNotification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@link AlertPublisher} over SNS Publish, to the alert topic or to the chat topic. Rules kept: on the
 * alert topic the message is per protocol ({@code MessageStructure=json}): the alert JSON for every
 * subscriber, readable text for e-mail, together within SNS's 256 KB (the embedded event shrunk first,
 * with {@code "truncated": true}); on the chat topic it is the Chatbot custom notification
 * ({@link ChatNotification}) alone, the only thing Chatbot renders; the subject is
 * {@code [SEVERITY] title}, printable ASCII, 1 to 99 characters; message attributes {@code ruleId}
 * and {@code severity} let subscribers filter. Any SDK failure is a {@link PublishException}.
 */
public final class SnsAlertPublisher implements AlertPublisher {
  /** SNS's limit for message plus attributes is 262,144 bytes; leave room for the attributes. */
  static final int MAX_MESSAGE_BYTES = 262_144 - 4_096;
  static final int MAX_SUBJECT = 99;
  private static final com.fasterxml.jackson.databind.ObjectMapper STRUCTURE = new com.fasterxml.jackson.databind.ObjectMapper();

  private final SnsClient sns;
  private final String topicArn;
  private final boolean chat;

  private SnsAlertPublisher(SnsClient sns, String topicArn, boolean chat) {
    this.sns = sns;
    this.topicArn = topicArn;
    this.chat = chat;
  }

  /** To the alert topic: alert JSON, and text for e-mail. */
  public SnsAlertPublisher(SnsClient sns, String topicArn) {
    this(sns, topicArn, false);
  }

  /** To a topic Chatbot subscribes to: the custom notification. */
  public static SnsAlertPublisher chat(SnsClient sns, String topicArn) {
    return new SnsAlertPublisher(sns, topicArn, true);
  }

  @Override
  public String destination() {
    return chat ? "chat" : "alerts";
  }

  @Override
  public void publish(Alert alert) throws PublishException {
    PublishRequest.Builder request = PublishRequest.builder()
        .topicArn(topicArn)
        .subject(subject(alert));
    if (chat) {
      request.message(ChatNotification.toJson(alert));
    } else {
      request.messageStructure("json").message(message(alert));
    }
    request.messageAttributes(Map.of(
            "ruleId", text(alert.rule().ruleId()),
            "severity", text(alert.rule().severity())));
    try {
      sns.publish(request.build());
    } catch (SdkException e) {
      throw new PublishException("SNS Publish of alert " + alert.alertId() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * SNS's per-protocol message: {@code default} (SQS, Lambda, HTTPS, ...) is the alert JSON;
   * {@code email} is {@link AlertText}. The whole structure fits {@link #MAX_MESSAGE_BYTES}: the
   * alert JSON is shrunk (its event first) until it does.
   */
  static String message(Alert alert) {
    String email = AlertText.of(alert);
    int budget = MAX_MESSAGE_BYTES;
    while (true) {
      var structure = STRUCTURE.createObjectNode();
      structure.put("default", AlertJson.fit(alert, budget));
      structure.put("email", email);
      String json = structure.toString();
      int size = json.getBytes(StandardCharsets.UTF_8).length;
      if (size <= MAX_MESSAGE_BYTES) {
        return json;
      }
      budget -= size - MAX_MESSAGE_BYTES + 1024; // the escaping of the embedded JSON costs bytes too
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
