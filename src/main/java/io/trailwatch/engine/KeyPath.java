package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Panther {@code KeyPath}: dot-separated keys, each optionally followed by {@code [N]} (one element)
 * or {@code [*]} (every element), e.g. {@code userIdentity.arn}, {@code resources[0].ARN},
 * {@code resources[*].ARN}.
 *
 * <p>Rules kept at every key: the exact key wins when present; otherwise the first key, in document order,
 * equal to it ignoring case (Panther's event lookup). {@link #find} tells a missing field (some step
 * absent, or a step into something that is not an object or list) from a field that holds JSON null;
 * a {@code [*]} step gathers the values found under every element into a list, and is missing when
 * none had one.
 */
final class KeyPath {
  private sealed interface Step permits Key, Index, Every {}

  private record Key(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Every() implements Step {}

  private final String text;
  private final List<Step> steps;

  private KeyPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Reads a KeyPath.
   *
   * @throws IllegalArgumentException when it is empty or malformed (an empty key, an unclosed bracket,
   *     an index that is neither a whole number nor {@code *})
   */
  static KeyPath of(String text) {
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i <= text.length()) {
      int end = i;
      while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
        end++;
      }
      if (end == i) {
        throw new IllegalArgumentException("KeyPath " + text + " has an empty key at character " + (i + 1));
      }
      steps.add(new Key(text.substring(i, end)));
      i = end;
      while (i < text.length() && text.charAt(i) == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("KeyPath " + text + " has an unclosed [");
        }
        steps.add(index(text, text.substring(i + 1, close)));
        i = close + 1;
      }
      if (i == text.length()) {
        break;
      }
      if (text.charAt(i) != '.') {
        throw new IllegalArgumentException("KeyPath " + text + ": expected . or [ at character " + (i + 1));
      }
      i++;
      if (i == text.length()) {
        throw new IllegalArgumentException("KeyPath " + text + " ends with .");
      }
    }
    return new KeyPath(text, steps);
  }

  private static Step index(String text, String inside) {
    if (inside.equals("*")) {
      return new Every();
    }
    if (inside.isEmpty() || inside.length() > 9 || !inside.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("KeyPath " + text + ": [" + inside + "] is neither a whole number nor *");
    }
    return new Index(Integer.parseInt(inside));
  }

  /**
   * The keys before the first index step: a reader that keeps the value at the last of them whole
   * keeps all this path can find.
   */
  List<String> leadingKeys() {
    List<String> keys = new ArrayList<>();
    for (Step step : steps) {
      if (!(step instanceof Key key)) {
        break;
      }
      keys.add(key.name());
    }
    return keys;
  }

  /** The value at this path: null when the field is missing, {@link NullNode} when it holds null. */
  JsonNode find(JsonNode event) {
    return find(event, 0);
  }

  private JsonNode find(JsonNode node, int from) {
    JsonNode current = node;
    for (int i = from; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step instanceof Every) {
        return every(current, i + 1);
      }
      current = switch (step) {
        case Key key -> Fields.member(current, key.name());
        case Index index -> current != null && current.isArray() ? current.get(index.index()) : null;
        case Every every -> throw new AssertionError(every);
      };
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private JsonNode every(JsonNode list, int rest) {
    if (list == null || !list.isArray()) {
      return null;
    }
    ArrayNode found = JsonNodeFactory.instance.arrayNode();
    for (JsonNode element : list) {
      JsonNode value = find(element, rest);
      if (value != null) {
        found.add(value);
      }
    }
    return found.isEmpty() ? null : found;
  }

  @Override
  public String toString() {
    return text;
  }
}
