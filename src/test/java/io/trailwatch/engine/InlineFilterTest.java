package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InlineFilterTest {
  /** The record every case filters. */
  private static final String RECORD = """
      {"eventName": "ListBuckets", "sourceIPAddress": "203.0.113.7", "awsRegion": "eu-west-1",
       "userIdentity": {"arn": "arn:aws:iam::111122223333:user/ci-deployer", "accessKeyId": "AKIAEXAMPLE"},
       "requestParameters": null, "readOnly": true, "count": 5, "ratio": 2.5, "empty": "", "none": [],
       "tags": ["prod", "ci-bot"], "ips": ["10.1.2.3", "198.51.100.9"], "host": "ec2.amazonaws.com",
       "v6": "2001:db8::1", "private": "192.168.1.1", "public": "8.8.8.8", "resources": [{"ARN": "arn:a"}, {"ARN": "arn:b"}]}""";

  static Stream<Arguments> cases() {
    return Stream.of(
        // condition, key path, operand (YAML), expected
        Arguments.of("Equals", "eventName", "Value: ListBuckets", true),
        Arguments.of("Equals", "eventName", "Value: listbuckets", false),
        Arguments.of("Equals", "count", "Value: 5.0", true),
        Arguments.of("Equals", "readOnly", "Value: 1", true),
        Arguments.of("Equals", "count", "Value: '5'", false),
        Arguments.of("Equals", "requestParameters", "Value: x", false),
        Arguments.of("DoesNotEqual", "eventName", "Value: ListBuckets", false),
        Arguments.of("DoesNotEqual", "requestParameters", "Value: x", true),
        Arguments.of("IsGreaterThan", "count", "Value: 4", true),
        Arguments.of("IsGreaterThan", "count", "Value: 5", false),
        Arguments.of("IsGreaterThan", "eventName", "Value: 4", false),
        Arguments.of("IsGreaterThan", "eventName", "Value: Get", true),
        Arguments.of("IsGreaterThanOrEquals", "count", "Value: 5", true),
        Arguments.of("IsGreaterThanOrEqual", "ratio", "Value: 2.6", false),
        Arguments.of("IsLessThan", "ratio", "Value: 3", true),
        Arguments.of("IsLessThan", "requestParameters", "Value: 3", false),
        Arguments.of("IsLessThanOrEquals", "count", "Value: 5", true),
        Arguments.of("IsLessThanOrEqual", "count", "Value: 4", false),
        Arguments.of("Contains", "userIdentity.arn", "Value: ci-deployer", true),
        Arguments.of("Contains", "tags", "Value: prod", true),
        Arguments.of("Contains", "tags", "Value: bot", true),
        Arguments.of("Contains", "userIdentity", "Value: arn", true),
        Arguments.of("Contains", "count", "Value: 5", false),
        Arguments.of("DoesNotContain", "userIdentity.arn", "Value: ci-deployer", false),
        Arguments.of("DoesNotContain", "count", "Value: 5", true),
        Arguments.of("StartsWith", "userIdentity.accessKeyId", "Value: AKIA", true),
        Arguments.of("StartsWith", "count", "Value: '5'", false),
        Arguments.of("DoesNotStartWith", "userIdentity.accessKeyId", "Value: ASIA", true),
        Arguments.of("EndsWith", "userIdentity.arn", "Value: /ci-deployer", true),
        Arguments.of("EndsWith", "userIdentity.arn", "Value: /CI-DEPLOYER", false),
        Arguments.of("DoesNotEndWith", "userIdentity.arn", "Value: /ci-deployer", false),
        Arguments.of("IsIn", "awsRegion", "Values: [us-east-1, eu-west-1]", true),
        Arguments.of("IsIn", "awsRegion", "Values: [us-east-1]", false),
        Arguments.of("IsIn", "count", "Values: [4, 5]", true),
        Arguments.of("IsIn", "tags", "Values: [ci-bot]", true),
        Arguments.of("IsNotIn", "awsRegion", "Values: [us-east-1]", true),
        Arguments.of("IsNotIn", "requestParameters", "Values: [x]", true),
        Arguments.of("IsIPAddressInCIDR", "sourceIPAddress", "Value: 203.0.113.0/24", true),
        Arguments.of("IsIPAddressInCIDR", "sourceIPAddress", "Value: 203.0.114.0/24", false),
        Arguments.of("IsIPAddressInCIDR", "sourceIPAddress", "Value: 203.0.113.7", true),
        Arguments.of("IsIPAddressInCIDR", "host", "Value: 0.0.0.0/0", false),
        Arguments.of("IsIPAddressInCIDR", "v6", "Value: 2001:db8::/32", true),
        Arguments.of("IsIPAddressInCIDR", "v6", "Value: 0.0.0.0/0", false),
        Arguments.of("IsIPAddressNotInCIDR", "sourceIPAddress", "Value: 10.0.0.0/8", true),
        Arguments.of("IsIPAddressNotInCIDR", "host", "Value: 10.0.0.0/8", true),
        Arguments.of("CIDRContainsIPAddresses", "ips", "Value: 10.0.0.0/8", true),
        Arguments.of("CIDRContainsIPAddresses", "ips", "Value: 172.16.0.0/12", false),
        Arguments.of("CIDRContainsIPAddresses", "sourceIPAddress", "Value: 203.0.113.0/24", true),
        Arguments.of("CIDRDoesNotContainIPAddresses", "ips", "Value: 172.16.0.0/12", true),
        Arguments.of("IsIPAddressPublic", "sourceIPAddress", "", false), // 203.0.113.0/24 is documentation space
        Arguments.of("IsIPAddressPublic", "ips[1]", "", false),
        Arguments.of("IsIPAddressPublic", "public", "", true),
        Arguments.of("IsIPAddressPublic", "host", "", false),
        Arguments.of("IsIPAddressPrivate", "private", "", true),
        Arguments.of("IsIPAddressPrivate", "ips[0]", "", true),
        Arguments.of("IsIPAddressPrivate", "host", "", false),
        Arguments.of("IsNull", "requestParameters", "", true),
        Arguments.of("IsNull", "eventName", "", false),
        Arguments.of("IsNotNull", "requestParameters", "", false),
        Arguments.of("IsNotNull", "eventName", "", true),
        Arguments.of("IsNullOrEmpty", "empty", "", true),
        Arguments.of("IsNullOrEmpty", "none", "", true),
        Arguments.of("IsNullOrEmpty", "requestParameters", "", true),
        Arguments.of("IsNullOrEmpty", "count", "", false),
        Arguments.of("IsNotNullOrEmpty", "eventName", "", true),
        Arguments.of("IsNotNullOrEmpty", "empty", "", false),
        // Panther's case-insensitive lookup, indexes and wildcards
        Arguments.of("Equals", "USERIDENTITY.Arn", "Value: arn:aws:iam::111122223333:user/ci-deployer", true),
        Arguments.of("Equals", "resources[1].arn", "Value: arn:b", true),
        Arguments.of("Contains", "resources[*].ARN", "Value: arn:a", true),
        Arguments.of("IsIn", "resources[*].ARN", "Values: [arn:c]", false));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("cases")
  void eachConditionAsPantherEvaluatesIt(String condition, String keyPath, String operand, boolean expected)
      throws Exception {
    assertEquals(expected, filter(leaf(condition, keyPath, operand)).test(Json.tree(RECORD)));
  }

  @Test
  void everyConditionHasCases() {
    Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    Set<String> missing = Arrays.stream(InlineFilter.Condition.values()).map(c -> c.yaml)
        .filter(name -> !covered.contains(name)).collect(Collectors.toSet());
    assertEquals(Set.of(), missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditionNames")
  void aRecordWithoutTheFieldPassesWhateverTheCondition(String condition) throws Exception {
    InlineFilter.Condition c = InlineFilter.Condition.named(condition);
    String operand = switch (c.operand) {
      case NONE -> "";
      case VALUE -> c.cidr ? "Value: 10.0.0.0/8" : "Value: x";
      case VALUES -> "Values: [x]";
    };
    assertTrue(filter(leaf(condition, "no.such.field", operand)).test(Json.tree(RECORD)));
    assertTrue(filter(leaf(condition, "userIdentity.nothing", operand)).test(Json.tree(RECORD)));
  }

  static Stream<String> conditionNames() {
    return Arrays.stream(InlineFilter.Condition.values()).map(c -> c.yaml);
  }

  @Test
  void combinatorsAllAnyOnlyOneNone() throws Exception {
    JsonNode record = Json.tree(RECORD);
    String yes = leaf("Equals", "eventName", "Value: ListBuckets");
    String no = leaf("Equals", "eventName", "Value: GetObject");
    assertEquals(false, filter(yes + no).test(record), "a top-level list must all pass");
    assertTrue(filter("- Any:\n" + indent(yes + no)).test(record));
    assertEquals(false, filter("- All:\n" + indent(yes + no)).test(record));
    assertTrue(filter("- OnlyOne:\n" + indent(yes + no)).test(record));
    assertEquals(false, filter("- OnlyOne:\n" + indent(yes + yes)).test(record));
    assertTrue(filter("- None:\n" + indent(no + no)).test(record));
    assertEquals(false, filter("- None:\n" + indent(no + yes)).test(record));
    assertTrue(filter("- All: []").test(record), "Panther's shipped no-op");
    assertTrue(filter("- All: []").passesAll());
  }

  @Test
  void theAllowlistOfTheIssueExcludesTheCiUserOnly() throws Exception {
    InlineFilter allowlist = filter("""
        - None:
            - KeyPath: userIdentity.arn
              Condition: IsIn
              Values: [arn:aws:iam::111122223333:user/ci-deployer]
        """);
    assertEquals(false, allowlist.test(Json.tree(RECORD)));
    assertTrue(allowlist.test(Json.tree(RECORD.replace("user/ci-deployer", "user/intruder"))));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("malformed")
  void aMalformedFilterIsRefusedWithItsPlace(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> filter(yaml));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("- KeyPath: a\n  Condition: Matches\n  Value: x", "F[0].Condition: unknown condition Matches"),
        Arguments.of("- KeyPath: a\n  Condition: Equals", "F[0]: Equals needs one Value"),
        Arguments.of("- KeyPath: a\n  Condition: IsIn\n  Value: x", "F[0]: IsIn needs Values, a list"),
        Arguments.of("- KeyPath: a\n  Condition: IsNull\n  Value: x", "F[0]: IsNull takes no Value"),
        Arguments.of("- KeyPath: a\n  Condition: IsIPAddressInCIDR\n  Value: 10.0.0.0/33",
            "F[0].Value: \"10.0.0.0/33\" is not an IP address or CIDR"),
        Arguments.of("- KeyPath: a\n  Condition: Equals\n  Value: x\n  Key: b", "F[0]: unknown key Key"),
        Arguments.of("- KeyPath: a..b\n  Condition: IsNull", "KeyPath a..b has an empty key"),
        Arguments.of("- KeyPath: a[x]\n  Condition: IsNull", "[x] is neither a whole number nor *"),
        Arguments.of("- Any:\n  - Condition: IsNull", "F[0].Any[0].KeyPath must be a non-empty string"),
        Arguments.of("- Any: x", "F[0].Any must be a list"),
        Arguments.of("KeyPath: a", "F must be a list"));
  }

  private static String leaf(String condition, String keyPath, String operand) {
    return "- KeyPath: \"" + keyPath + "\"\n  Condition: " + condition + "\n" + (operand.isEmpty() ? "" : "  " + operand + "\n");
  }

  private static String indent(String yaml) {
    return yaml.lines().map(l -> "    " + l).collect(Collectors.joining("\n")) + "\n";
  }

  private static InlineFilter filter(String yaml) throws Exception {
    return InlineFilter.read(RuleMetadata.YAML.readTree(yaml), "F");
  }
}
