package io.trailwatch.engine;

import static io.trailwatch.engine.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EntitiesTest {
  @Test
  void givenSeedIamUserTests_whenEntities_expectPanthersIndicatorsExactly() {
    for (RuleMetadata.RuleTest test : RuleMetadata.builtIn().tests().subList(0, 2)) {
      JsonNode log = test.log();
      Entities entities = Entities.of(log);
      for (Entities.Kind kind : Entities.Kind.values()) {
        if (kind == Entities.Kind.DOMAIN_NAMES) {
          continue; // the seed has no p_any_domain_names
        }
        List<String> expected = new ArrayList<>();
        log.get("p_any_" + kind.key()).forEach(v -> expected.add(v.textValue()));
        assertEquals(expected.stream().sorted().toList(), entities.get(kind), test.name() + " " + kind);
      }
      assertEquals(List.of(), entities.get(Entities.Kind.DOMAIN_NAMES));
    }
  }

  @Test
  void givenAssumedRole_whenEntities_expectRoleIdAndSessionNameDerived() {
    Entities entities = Entities.of(RuleMetadata.builtIn().tests().get(2).log());
    assertEquals(List.of("AROASXP6SDP2F4WLQVARB", "AROASXP6SDP2F4WLQVARB:nicholas.hakmiller"), entities.get(Entities.Kind.ACTOR_IDS));
    assertEquals(List.of("AWSReservedSSO_DevAdmin_635426549a280cc6", "nicholas.hakmiller"), entities.get(Entities.Kind.USERNAMES));
  }

  @Test
  void givenResourcesAndHostName_whenEntities_expectAccountsArnsAndDomain() {
    Entities entities = Entities.of(obj("{'sourceIPAddress':'EC2.amazonaws.com',"
        + "'resources':[{'ARN':'arn:aws:s3:::b','accountId':'222'},{'arn':'arn:aws:s3:::a','AccountId':'111'},7]}"));
    assertEquals(List.of("111", "222"), entities.get(Entities.Kind.AWS_ACCOUNT_IDS));
    assertEquals(List.of("arn:aws:s3:::a", "arn:aws:s3:::b"), entities.get(Entities.Kind.AWS_ARNS));
    assertEquals(List.of("ec2.amazonaws.com"), entities.get(Entities.Kind.DOMAIN_NAMES));
    assertEquals(List.of(), entities.get(Entities.Kind.IP_ADDRESSES));
  }

  @Test
  void givenIpv6AndInternalSource_whenEntities_expectOnlyTheIp() {
    assertEquals(List.of("2001:db8::1"), Entities.of(obj("{'sourceIPAddress':'2001:db8::1'}")).get(Entities.Kind.IP_ADDRESSES));
    Entities internal = Entities.of(obj("{'sourceIPAddress':'AWS Internal'}"));
    assertEquals(List.of(), internal.get(Entities.Kind.IP_ADDRESSES));
    assertEquals(List.of(), internal.get(Entities.Kind.DOMAIN_NAMES));
  }

  @Test
  void givenTwoRecords_whenUnion_expectSortedUniqueValues() {
    Entities union = new Entities.Builder()
        .addAll(Entities.of(Json.akiaRecord("bob", "AKIA2", "2024-01-01T00:00:00Z")))
        .addAll(Entities.of(Json.akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z")))
        .addAll(Entities.of(Json.akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z")))
        .build();
    assertEquals(List.of("AKIA1", "AKIA2"), union.get(Entities.Kind.TRACE_IDS));
    assertEquals(List.of("alice", "bob"), union.get(Entities.Kind.USERNAMES));
    assertEquals(List.of(Entities.Kind.values()), List.copyOf(union.values().keySet()));
  }

  @Test
  void givenSomeKindsOnly_whenConstructed_expectEveryKindPresentInPanthersNames() {
    Entities some = new Entities(Map.of(Entities.Kind.USERNAMES, List.of("b", "a", "b")));
    assertEquals(List.of("a", "b"), some.get(Entities.Kind.USERNAMES));
    assertEquals(List.of("actor_ids", "aws_account_ids", "aws_arns", "domain_names", "ip_addresses", "trace_ids",
        "usernames"), some.values().keySet().stream().map(Entities.Kind::key).toList());
  }

  @Test
  void givenNameLikeStrings_whenCheckedAsHostNames_expectThePatternsAnswers() {
    String hostName = "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    Random random = new Random(3);
    String alphabet = "aZ09-..\u00e9_ \n";
    int hosts = agreeWithPattern(hostName, Entities::isHostName, 200_000, () -> {
      StringBuilder text = new StringBuilder();
      int labels = 1 + random.nextInt(4);
      for (int label = 0; label < labels; label++) {
        // label lengths around the limits: 0, 1, 61 to 64, and long names past 253 characters
        int length = switch (random.nextInt(4)) {
          case 0 -> random.nextInt(3);
          case 1 -> 61 + random.nextInt(4);
          default -> random.nextInt(12);
        };
        for (int k = 0; k < length; k++) {
          text.append(random.nextInt(8) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
              : (char) ((random.nextBoolean() ? 'a' : '0') + random.nextInt(10)));
        }
        text.append(label < labels - 1 ? "." : "");
      }
      return text.toString();
    });
    assertTrue(hosts > 10_000, "too few host names generated: " + hosts);
    Iterator<String> edges = List.of("ec2.amazonaws.com", "AWS Internal", "localhost", "a.b1", "a.1b", "-a.com",
        "a-.com", "a..com", ".a.com", "a.com.", "a" + ".b".repeat(126), "a" + ".b".repeat(127)).iterator();
    assertEquals(3, agreeWithPattern(hostName, Entities::isHostName, 12, edges::next),
        "ec2.amazonaws.com, a.b1 and the name of 253 characters are host names");
  }

  @Test
  void givenDottedNumbers_whenCheckedAsIpv4_expectThePatternsAnswers() {
    Random random = new Random(2);
    String alphabet = "0123456789..a";
    agreeWithPattern("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)",
        Entities::isIpv4, 200_000, () -> {
          if (random.nextInt(3) == 0) {
            return random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300);
          }
          StringBuilder text = new StringBuilder();
          for (int n = random.nextInt(17); n > 0; n--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          return text.toString();
        });
  }

  /** Checks that {@code check} answers as {@code regex} matching whole strings, on {@code count} values; how many matched. */
  private static int agreeWithPattern(String regex, Predicate<String> check, int count, Supplier<String> values) {
    Pattern pattern = Pattern.compile(regex);
    int matched = 0;
    for (int i = 0; i < count; i++) {
      String value = values.get();
      boolean expected = pattern.matcher(value).matches();
      matched += expected ? 1 : 0;
      assertEquals(expected, check.test(value), value);
    }
    return matched;
  }

  @Test
  void givenMoreAddressesThanAnAlertKeeps_whenGathered_expectTheFirstOnesKept() {
    Entities.Builder builder = new Entities.Builder();
    for (int i = 0; i < Entities.MAX_VALUES + 500; i++) {
      builder.addAll(Entities.of(obj("{'sourceIPAddress':'10.0." + i / 256 + "." + i % 256 + "'}")));
    }
    List<String> kept = builder.build().get(Entities.Kind.IP_ADDRESSES);
    assertEquals(Entities.MAX_VALUES, kept.size());
    assertTrue(kept.contains("10.0.0.0") && !kept.contains("10.0.5.219"), "the first seen are kept");
  }

  @Test
  void givenRecordsRepeatingIdentitiesAndAddresses_whenMemoized_expectTheEntitiesOfEachRecord() {
    Random random = new Random(11);
    // identity trees shared as a targeted read shares them; addresses and accounts as new, equal strings
    List<JsonNode> identities = List.of(
        obj("{'type':'IAMUser','principalId':'AIDA1','arn':'arn:aws:iam::1:user/jack','userName':'jack','accessKeyId':'AKIA1'}"),
        obj("{'type':'IAMUser','principalId':'AIDA2','arn':'arn:aws:iam::1:user/jill','userName':'jill'}"),
        obj("{'type':'AssumedRole','principalId':'AROA3:s','arn':'arn:aws:sts::2:assumed-role/r/s','sessionContext':"
            + "{'sessionIssuer':{'principalId':'AROA3','arn':'arn:aws:iam::2:role/r','accountId':'2','userName':'r'}}}"));
    Entities.Memo memo = new Entities.Memo();
    Entities.Memo one = new Entities.Memo(1); // every record meets the one before it
    int same = 0;
    for (int i = 0; i < 5000; i++) {
      var record = obj("{}");
      if (random.nextInt(10) > 0) {
        record.set("userIdentity", identities.get(random.nextInt(identities.size())));
      }
      if (random.nextInt(4) > 0) {
        record.put("sourceIPAddress", new String(List.of("203.0.113.9", "198.51.100.7", "ec2.amazonaws.com",
            "AWS Internal").get(random.nextInt(4))));
      }
      if (random.nextInt(3) > 0) {
        record.put("recipientAccountId", new String(random.nextBoolean() ? "1" : "2"));
      }
      if (random.nextInt(10) == 0) {
        record.set("resources", Json.tree("[{\"accountId\":\"3\",\"ARN\":\"arn:aws:iam::3:user/x\"}]"));
      }
      Entities entities = memo.of(record);
      assertEquals(Entities.of(record), entities, record::toString);
      assertEquals(Entities.of(record), one.of(record), record::toString);
      if (entities == memo.of(record)) {
        same++;
      }
    }
    assertTrue(same > 4000, "a record's inputs met again give the entities kept: " + same);
  }

  @Test
  void givenOneIdentityFromTwoAddresses_whenMemoized_expectEachAddressInItsOwnEntities() {
    JsonNode identity = Json.akiaRecord("jack", "AKIA1", "2024-01-01T00:00:00Z").get("userIdentity");
    Entities.Memo memo = new Entities.Memo(1);
    for (String address : List.of("203.0.113.9", "198.51.100.7", "203.0.113.9")) {
      var record = obj("{'sourceIPAddress':'" + address + "','recipientAccountId':'1'}").set("userIdentity", identity);
      assertEquals(List.of(address), memo.of(record).get(Entities.Kind.IP_ADDRESSES));
    }
    var first = obj("{'recipientAccountId':'1'}").set("userIdentity", identity);
    assertSame(memo.of(first), memo.of(obj("{'recipientAccountId':'1'}").set("userIdentity", identity)));
  }
}
