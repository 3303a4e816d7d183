package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Field lookup as Panther's event wrapper does it.
 *
 * <p>Rules this class keeps, at every level of a path:
 * <ul>
 *   <li>the exact key wins when it is present (even when its value is JSON null);</li>
 *   <li>otherwise the first key, in document order, equal to it ignoring case;</li>
 *   <li>a missing key, a JSON null, or a step into something that is not an object all read as absent
 *       ({@code null} here).</li>
 * </ul>
 */
final class Fields {
  private Fields() {}

  /** The value of {@code key} in {@code node}, or {@code null} when absent (no array made per call). */
  static JsonNode get(JsonNode node, String key) {
    return child(node, key);
  }

  /** The value at {@code first.second} below {@code node}, or {@code null} when absent. */
  static JsonNode get(JsonNode node, String first, String second) {
    return child(child(node, first), second);
  }

  /** The value at {@code path} below {@code node}, or {@code null} when absent. */
  static JsonNode get(JsonNode node, String... path) {
    JsonNode current = node;
    for (String key : path) {
      current = child(current, key);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** The text at {@code path} when it is a JSON string, else {@code null}. */
  static String text(JsonNode node, String... path) {
    return text(get(node, path));
  }

  /** The text of {@code key} in {@code node} when it is a JSON string, else {@code null}. */
  static String text(JsonNode node, String key) {
    return text(child(node, key));
  }

  private static String text(JsonNode value) {
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private static JsonNode child(JsonNode node, String key) {
    JsonNode value = member(node, key);
    return value == null || value.isNull() ? null : value;
  }

  /**
   * The value of {@code key} in {@code node} by the same rules, a JSON null kept as a node (what a
   * {@link KeyPath} tells from a missing key); null when missing or {@code node} is not an object.
   */
  static JsonNode member(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(key);
    if (exact != null) {
      return exact;
    }
    if (node instanceof KeptObject kept && kept.lacksOtherCasesOf(key)) {
      return null; // a targeted read kept every case of it: there is none
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getKey().equalsIgnoreCase(key)) {
        return field.getValue();
      }
    }
    return null;
  }

  /** Panther's {@code aws_cloudtrail_success}: neither errorCode nor errorMessage is truthy. */
  static boolean cloudTrailSuccess(JsonNode event) {
    return !truthy(get(event, "errorCode")) && !truthy(get(event, "errorMessage"));
  }

  /** Python truthiness of a JSON value: absent, null, "", false, 0, [] and {} are false. */
  static boolean truthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0.0 || value.isBigInteger() && value.bigIntegerValue().signum() != 0;
    }
    if (value.isContainerNode()) {
      return !value.isEmpty();
    }
    return true;
  }

  /**
   * Renders a value the way a Python f-string renders what Panther's wrapper returns: {@code None}
   * when absent, a string as itself, {@code True}/{@code False}, numbers as written, containers as JSON.
   */
  static String pythonStr(JsonNode value) {
    if (value == null) {
      return "None";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "True" : "False";
    }
    return value.toString();
  }
}
