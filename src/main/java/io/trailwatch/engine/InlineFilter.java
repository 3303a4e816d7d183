package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Panther's {@code InlineFilters}: match expressions evaluated before a rule; a record the filter
 * rejects is not evaluated by the rule at all.
 *
 * <p>Shape: a list of expressions that must all pass; an expression is either
 * {@code {KeyPath, Condition, Value | Values}} or one combinator over a nested list:
 * {@code All} (every one passes), {@code Any} (at least one), {@code OnlyOne} (exactly one),
 * {@code None} (no one). An empty list is a no-op that passes (Panther ships {@code - All: []}).
 *
 * <p>Rules kept, as Panther documents them and its filter engine ({@code panther_core}) evaluates them:
 * <ul>
 *   <li>a record that lacks the field passes that expression, whatever the condition;</li>
 *   <li>a field holding null, or a value a condition does not apply to (a number to StartsWith, a host
 *       name to IsIPAddressInCIDR), makes a positive condition false and its inverse true;</li>
 *   <li>values compare as Python does: numbers by value whatever their type (true and false count as 1
 *       and 0), strings by code point, case-sensitive; comparing a string with a number is false;</li>
 *   <li>a list field: Contains finds an equal element or, for a string value, an element containing it;
 *       IsIn is true when any element is in Values; CIDRContainsIPAddresses when any element is in the
 *       CIDR (a single address counts as a list of one);</li>
 *   <li>anything malformed (an unknown key or condition, a missing or extra Value, a CIDR that is not
 *       one, a bad KeyPath) is refused when the file is read, with where it is.</li>
 * </ul>
 */
public abstract sealed class InlineFilter permits InlineFilter.Combined, InlineFilter.Leaf {
  /** Passes every record. */
  public static final InlineFilter PASS = new Combined(Combinator.ALL, List.of());

  /** Whether {@code record} passes, so that the rule may look at it. */
  public abstract boolean test(JsonNode record);

  /** The KeyPaths it reads. */
  abstract List<KeyPath> paths();

  /** Whether this filter lets every record through without looking (an empty list, or All of empty lists). */
  public boolean passesAll() {
    return this == PASS;
  }

  /** A filter passed by what passes both. */
  public static InlineFilter both(InlineFilter a, InlineFilter b) {
    return all(List.of(a, b));
  }

  /** All of {@code parts}, without those that pass everything (PASS when none is left). */
  private static InlineFilter all(List<InlineFilter> parts) {
    List<InlineFilter> kept = parts.stream().filter(p -> !p.passesAll()).toList();
    return kept.isEmpty() ? PASS : kept.size() == 1 ? kept.get(0) : new Combined(Combinator.ALL, kept);
  }

  /**
   * Reads a YAML/JSON list of expressions.
   *
   * @param where where the list is, for error messages (e.g. {@code AWS.CloudTrail.UserAccessKeyAuth.InlineFilters})
   * @throws IllegalArgumentException naming the place and the reason when it is not a valid filter
   */
  public static InlineFilter read(JsonNode list, String where) {
    if (list == null || list.isNull()) {
      return PASS;
    }
    return all(readList(list, where));
  }

  private static List<InlineFilter> readList(JsonNode list, String where) {
    if (!list.isArray()) {
      throw new IllegalArgumentException(where + " must be a list of match expressions");
    }
    List<InlineFilter> parts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      parts.add(readExpression(list.get(i), where + "[" + i + "]"));
    }
    return parts;
  }

  private static InlineFilter readExpression(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping");
    }
    for (Combinator combinator : Combinator.values()) {
      if (node.has(combinator.yaml)) {
        if (node.size() != 1) {
          throw new IllegalArgumentException(where + ": " + combinator.yaml + " must be the only key of its mapping");
        }
        List<InlineFilter> parts = readList(node.get(combinator.yaml), where + "." + combinator.yaml);
        return combinator == Combinator.ALL ? all(parts) : new Combined(combinator, parts);
      }
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!Set.of("KeyPath", "Condition", "Value", "Values").contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key " + key
            + " (expected KeyPath, Condition, Value or Values, or one of All, Any, OnlyOne, None)");
      }
    }
    KeyPath path = KeyPath.of(text(node, "KeyPath", where));
    String name = text(node, "Condition", where);
    Condition condition = Condition.named(name);
    if (condition == null) {
      throw new IllegalArgumentException(where + ".Condition: unknown condition " + name + "; Trailwatch has "
          + Condition.names());
    }
    JsonNode value = node.get("Value");
    JsonNode values = node.get("Values");
    switch (condition.operand) {
      case NONE -> {
        if (value != null || values != null) {
          throw new IllegalArgumentException(where + ": " + name + " takes no Value or Values");
        }
      }
      case VALUE -> {
        if (values != null || value == null || !value.isValueNode() || value.isNull()) {
          throw new IllegalArgumentException(where + ": " + name + " needs one Value (a string, number or boolean)");
        }
      }
      case VALUES -> {
        if (value != null || values == null || !values.isArray()) {
          throw new IllegalArgumentException(where + ": " + name + " needs Values, a list");
        }
        for (JsonNode element : values) {
          if (!element.isValueNode() || element.isNull()) {
            throw new IllegalArgumentException(where + ".Values: each value must be a string, number or boolean");
          }
        }
      }
    }
    IpNetwork cidr = null;
    if (condition.cidr) {
      cidr = value.isTextual() ? IpNetwork.parse(value.textValue()) : null;
      if (cidr == null) {
        throw new IllegalArgumentException(where + ".Value: " + value + " is not an IP address or CIDR");
      }
    }
    return new Leaf(path, condition, value != null ? value : values, cidr);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new IllegalArgumentException(where + "." + field + " must be a non-empty string");
    }
    return value.textValue();
  }

  enum Combinator {
    ALL("All"), ANY("Any"), ONLY_ONE("OnlyOne"), NONE("None");

    final String yaml;

    Combinator(String yaml) {
      this.yaml = yaml;
    }
  }

  static final class Combined extends InlineFilter {
    private final Combinator combinator;
    private final List<InlineFilter> parts;

    Combined(Combinator combinator, List<InlineFilter> parts) {
      this.combinator = combinator;
      this.parts = List.copyOf(parts);
    }

    @Override
    List<KeyPath> paths() {
      return parts.stream().flatMap(part -> part.paths().stream()).toList();
    }

    @Override
    public boolean test(JsonNode record) {
      if (parts.isEmpty()) {
        return true; // an empty filter is a no-op: it never excludes
      }
      int passed = 0;
      for (InlineFilter part : parts) {
        boolean pass = part.test(record);
        switch (combinator) {
          case ALL -> {
            if (!pass) {
              return false;
            }
          }
          case ANY -> {
            if (pass) {
              return true;
            }
          }
          case NONE -> {
            if (pass) {
              return false;
            }
          }
          case ONLY_ONE -> {
            if (pass && ++passed > 1) {
              return false;
            }
          }
        }
      }
      return switch (combinator) {
        case ALL, NONE -> true;
        case ANY -> false;
        case ONLY_ONE -> passed == 1;
      };
    }
  }

  static final class Leaf extends InlineFilter {
    private final KeyPath path;
    private final Condition condition;
    private final JsonNode operand;
    private final IpNetwork cidr;

    Leaf(KeyPath path, Condition condition, JsonNode operand, IpNetwork cidr) {
      this.path = path;
      this.condition = condition;
      this.operand = operand;
      this.cidr = cidr;
    }

    @Override
    List<KeyPath> paths() {
      return List.of(path);
    }

    @Override
    public boolean test(JsonNode record) {
      JsonNode field = path.find(record);
      if (field == null) {
        return true; // Panther: an event without the field passes the filter
      }
      return condition.inverse != condition.positive(this, field);
    }
  }

  /** How many operands a condition takes. */
  enum Operand { NONE, VALUE, VALUES }

  /**
   * The conditions, by Panther's name; each inverse condition is the negation of its positive one, so a
   * value a condition does not apply to is false for the positive and true for the inverse.
   */
  enum Condition {
    EQUALS("Equals", Operand.VALUE, false),
    DOES_NOT_EQUAL("DoesNotEqual", Operand.VALUE, true),
    IS_GREATER_THAN("IsGreaterThan", Operand.VALUE, false),
    IS_GREATER_THAN_OR_EQUALS("IsGreaterThanOrEquals", Operand.VALUE, false),
    IS_LESS_THAN("IsLessThan", Operand.VALUE, false),
    IS_LESS_THAN_OR_EQUALS("IsLessThanOrEquals", Operand.VALUE, false),
    CONTAINS("Contains", Operand.VALUE, false),
    DOES_NOT_CONTAIN("DoesNotContain", Operand.VALUE, true),
    STARTS_WITH("StartsWith", Operand.VALUE, false),
    DOES_NOT_START_WITH("DoesNotStartWith", Operand.VALUE, true),
    ENDS_WITH("EndsWith", Operand.VALUE, false),
    DOES_NOT_END_WITH("DoesNotEndWith", Operand.VALUE, true),
    IS_IN("IsIn", Operand.VALUES, false),
    IS_NOT_IN("IsNotIn", Operand.VALUES, true),
    IS_IP_ADDRESS_IN_CIDR("IsIPAddressInCIDR", Operand.VALUE, false),
    IS_IP_ADDRESS_NOT_IN_CIDR("IsIPAddressNotInCIDR", Operand.VALUE, true),
    CIDR_CONTAINS_IP_ADDRESSES("CIDRContainsIPAddresses", Operand.VALUE, false),
    CIDR_DOES_NOT_CONTAIN_IP_ADDRESSES("CIDRDoesNotContainIPAddresses", Operand.VALUE, true),
    IS_IP_ADDRESS_PUBLIC("IsIPAddressPublic", Operand.NONE, false),
    IS_IP_ADDRESS_PRIVATE("IsIPAddressPrivate", Operand.NONE, false),
    IS_NULL("IsNull", Operand.NONE, false),
    IS_NOT_NULL("IsNotNull", Operand.NONE, true),
    IS_NULL_OR_EMPTY("IsNullOrEmpty", Operand.NONE, false),
    IS_NOT_NULL_OR_EMPTY("IsNotNullOrEmpty", Operand.NONE, true);

    /** Spellings Panther's docs also use for the same condition. */
    private static final Map<String, Condition> ALIASES = Map.of(
        "IsGreaterThanOrEqual", IS_GREATER_THAN_OR_EQUALS, "IsLessThanOrEqual", IS_LESS_THAN_OR_EQUALS);

    final String yaml;
    final Operand operand;
    final boolean inverse;
    final boolean cidr;

    Condition(String yaml, Operand operand, boolean inverse) {
      this.yaml = yaml;
      this.operand = operand;
      this.inverse = inverse;
      this.cidr = yaml.contains("CIDR");
    }

    static Condition named(String name) {
      for (Condition condition : values()) {
        if (condition.yaml.equals(name)) {
          return condition;
        }
      }
      return ALIASES.get(name);
    }

    static List<String> names() {
      return java.util.Arrays.stream(values()).map(c -> c.yaml).toList();
    }

    /** The positive form of this condition on a present field (possibly JSON null). */
    boolean positive(Leaf leaf, JsonNode field) {
      JsonNode value = leaf.operand;
      boolean isNull = field.isNull();
      return switch (this) {
        case EQUALS, DOES_NOT_EQUAL -> Python.equal(field, value);
        case IS_GREATER_THAN -> Python.compare(field, value) == 1;
        case IS_GREATER_THAN_OR_EQUALS -> Python.compare(field, value) >= 0;
        case IS_LESS_THAN -> Python.compare(field, value) == -1;
        case IS_LESS_THAN_OR_EQUALS -> List.of(-1, 0).contains(Python.compare(field, value));
        case CONTAINS, DOES_NOT_CONTAIN -> Python.contains(field, value);
        case STARTS_WITH, DOES_NOT_START_WITH -> field.isTextual() && value.isTextual()
            && field.textValue().startsWith(value.textValue());
        case ENDS_WITH, DOES_NOT_END_WITH -> field.isTextual() && value.isTextual()
            && field.textValue().endsWith(value.textValue());
        case IS_IN, IS_NOT_IN -> Python.isIn(field, value);
        case IS_IP_ADDRESS_IN_CIDR, IS_IP_ADDRESS_NOT_IN_CIDR -> {
          IpNetwork network = field.isTextual() ? IpNetwork.parse(field.textValue()) : null;
          yield network != null && network.overlaps(leaf.cidr);
        }
        case CIDR_CONTAINS_IP_ADDRESSES, CIDR_DOES_NOT_CONTAIN_IP_ADDRESSES -> anyAddressIn(field, leaf.cidr);
        case IS_IP_ADDRESS_PUBLIC -> address(field) != null && address(field).isGlobal();
        case IS_IP_ADDRESS_PRIVATE -> address(field) != null && address(field).isPrivate();
        case IS_NULL, IS_NOT_NULL -> isNull;
        case IS_NULL_OR_EMPTY, IS_NOT_NULL_OR_EMPTY -> isNull || field.isTextual() && field.textValue().isEmpty()
            || field.isContainerNode() && field.isEmpty();
      };
    }

    private static IpNetwork address(JsonNode field) {
      IpNetwork network = field.isTextual() ? IpNetwork.parse(field.textValue()) : null;
      return network != null && network.isAddress() ? network : null;
    }

    private static boolean anyAddressIn(JsonNode field, IpNetwork cidr) {
      if (field.isTextual()) {
        IpNetwork one = IpNetwork.parse(field.textValue());
        return one != null && cidr.overlaps(one);
      }
      if (!field.isArray()) {
        return false;
      }
      for (JsonNode element : field) {
        IpNetwork network = element.isTextual() ? IpNetwork.parse(element.textValue()) : null;
        if (network != null && cidr.overlaps(network)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return yaml;
    }
  }

  /** Python's comparisons of JSON values, as Panther's rule engine makes them. */
  static final class Python {
    /** What {@link #compare} returns when the two cannot be ordered (Python raises TypeError). */
    static final int NONE = Integer.MIN_VALUE;

    private Python() {}

    static boolean equal(JsonNode a, JsonNode b) {
      BigDecimal x = number(a);
      BigDecimal y = number(b);
      if (x != null && y != null) {
        return x.compareTo(y) == 0;
      }
      if (a.isTextual() && b.isTextual()) {
        return a.textValue().equals(b.textValue());
      }
      return a.isContainerNode() && a.equals(b);
    }

    /** Negative, zero or positive as Python orders the two; {@link #NONE} when it cannot. */
    static int compare(JsonNode a, JsonNode b) {
      BigDecimal x = number(a);
      BigDecimal y = number(b);
      if (x != null && y != null) {
        return Integer.signum(x.compareTo(y));
      }
      if (a.isTextual() && b.isTextual()) {
        return Integer.signum(compareCodePoints(a.textValue(), b.textValue()));
      }
      return NONE;
    }

    private static int compareCodePoints(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int x = a.codePointAt(i);
        int y = b.codePointAt(j);
        if (x != y) {
          return Integer.compare(x, y);
        }
        i += Character.charCount(x);
        j += Character.charCount(y);
      }
      return Boolean.compare(i < a.length(), j < b.length());
    }

    /** {@code value in field}, with Panther's extra: a string value found inside a list's strings. */
    static boolean contains(JsonNode field, JsonNode value) {
      if (field.isTextual()) {
        return value.isTextual() && field.textValue().contains(value.textValue());
      }
      if (field.isObject()) {
        return value.isTextual() && field.has(value.textValue());
      }
      if (!field.isArray()) {
        return false;
      }
      for (JsonNode element : field) {
        if (equal(element, value)) {
          return true;
        }
      }
      if (value.isTextual()) {
        for (JsonNode element : field) {
          if (element.isTextual() && element.textValue().contains(value.textValue())) {
            return true;
          }
        }
      }
      return false;
    }

    /** {@code field in values}, or for a list field, any of its elements in values. */
    static boolean isIn(JsonNode field, JsonNode values) {
      if (field.isArray()) {
        for (JsonNode element : field) {
          if (member(element, values)) {
            return true;
          }
        }
        return false;
      }
      return member(field, values);
    }

    private static boolean member(JsonNode element, JsonNode values) {
      for (JsonNode value : values) {
        if (equal(element, value)) {
          return true;
        }
      }
      return false;
    }

    private static BigDecimal number(JsonNode node) {
      if (node.isBoolean()) {
        return node.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
      }
      if (!node.isNumber()) {
        return null;
      }
      if (node.isDouble() || node.isFloat()) {
        double d = node.doubleValue();
        return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
      }
      return node.decimalValue();
    }
  }
}
