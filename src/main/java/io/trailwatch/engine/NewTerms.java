package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-seen mode for a rule (Elastic's {@code new_terms}): a match alerts only when the combination
 * of its values of {@link #fields} was not seen in the {@link #history} before it.
 *
 * <p>Rules kept: each field is a {@link KeyPath} read with Panther's case-insensitive lookup; a missing
 * or null field reads {@code None}, a string as itself, anything else as its JSON; a combination is
 * identified by {@link #key} (rule id and values, hashed: bounded whatever the values); a sighting at
 * {@code t} makes the combination known until {@code t + history} (exclusive).
 */
public final class NewTerms {
  public static final int MAX_FIELDS = 5;
  public static final int MAX_HISTORY_DAYS = 365;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> fields;
  private final List<KeyPath> paths;
  private final int historyDays;

  private NewTerms(List<String> fields, int historyDays) {
    this.fields = List.copyOf(fields);
    this.paths = fields.stream().map(KeyPath::of).toList();
    this.historyDays = historyDays;
  }

  /**
   * Reads {@code {Fields: [...], HistoryDays: N}}.
   *
   * @throws IllegalArgumentException naming {@code where} and the bad field
   */
  static NewTerms read(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping of Fields and HistoryDays");
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!key.equals("Fields") && !key.equals("HistoryDays")) {
        throw new IllegalArgumentException(where + ": unknown key " + key + " (expected Fields and HistoryDays)");
      }
    });
    JsonNode list = node.get("Fields");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_FIELDS) {
      throw new IllegalArgumentException(where + ".Fields must list 1 to " + MAX_FIELDS + " KeyPaths");
    }
    List<String> fields = new ArrayList<>();
    for (JsonNode field : list) {
      if (!field.isTextual()) {
        throw new IllegalArgumentException(where + ".Fields: each field must be a string");
      }
      try {
        KeyPath.of(field.textValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".Fields: " + e.getMessage(), e);
      }
      fields.add(field.textValue());
    }
    JsonNode days = node.get("HistoryDays");
    if (days == null || !days.isIntegralNumber() || !days.canConvertToInt() || days.intValue() < 1
        || days.intValue() > MAX_HISTORY_DAYS) {
      throw new IllegalArgumentException(where + ".HistoryDays must be a whole number from 1 to " + MAX_HISTORY_DAYS);
    }
    return new NewTerms(fields, days.intValue());
  }

  /** Mode over {@code fields} with {@code historyDays} of history (for tests and the generated examples). */
  public static NewTerms of(List<String> fields, int historyDays) {
    return read(JSON.valueToTree(Map.of("Fields", fields, "HistoryDays", historyDays)), "NewTerms");
  }

  public List<String> fields() {
    return fields;
  }

  public int historyDays() {
    return historyDays;
  }

  public Duration history() {
    return Duration.ofDays(historyDays);
  }

  /** The fields, read. */
  List<KeyPath> paths() {
    return paths;
  }

  /** The record's value of each field, by field, in the order of {@link #fields}. */
  public Map<String, String> values(JsonNode record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode value = paths.get(i).find(record);
      out.put(fields.get(i), value == null || value.isNull() ? "None" : Fields.pythonStr(value));
    }
    return out;
  }

  /** The stored identity of a combination: 32 hex digits over the rule id and the values. */
  public static String key(String ruleId, Map<String, String> values) {
    try {
      return Digests.id(ruleId + "\n" + JSON.writeValueAsString(values.values()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("strings always serialise", e);
    }
  }

  /** Whether a combination last seen at {@code lastSeen} (null: never) is new at {@code time}. */
  public boolean isNew(Instant lastSeen, Instant time) {
    return lastSeen == null || !time.isBefore(lastSeen.plus(history()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NewTerms n && n.fields.equals(fields) && n.historyDays == historyDays;
  }

  @Override
  public int hashCode() {
    return fields.hashCode() * 31 + historyDays;
  }

  @Override
  public String toString() {
    return "NewTerms" + fields + "/" + historyDays + "d";
  }
}
