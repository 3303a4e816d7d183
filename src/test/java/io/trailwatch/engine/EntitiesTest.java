package io.trailwatch.engine;

import static io.trailwatch.engine.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntitiesTest {
  @Test
  void givenSeedIamUserTests_whenEntities_expectPanthersIndicatorsExactly() {
    for (RuleMetadata.RuleTest test : RuleMetadata.builtIn().tests().subList(0, 2)) {
      JsonNode log = test.log();
      Entities entities = new Entities.Builder().addRecord(log).build();
      for (String kind : List.of("actor_ids", "aws_account_ids", "aws_arns", "ip_addresses", "trace_ids", "usernames")) {
        List<String> expected = new ArrayList<>();
        log.get("p_any_" + kind).forEach(v -> expected.add(v.textValue()));
        assertEquals(expected.stream().sorted().toList(), entities.get(kind), test.name() + " " + kind);
      }
      assertEquals(List.of(), entities.get("domain_names"));
    }
  }

  @Test
  void givenAssumedRole_whenEntities_expectRoleIdAndSessionNameDerived() {
    Entities entities = new Entities.Builder().addRecord(RuleMetadata.builtIn().tests().get(2).log()).build();
    assertEquals(List.of("AROASXP6SDP2F4WLQVARB", "AROASXP6SDP2F4WLQVARB:nicholas.hakmiller"), entities.get("actor_ids"));
    assertEquals(List.of("AWSReservedSSO_DevAdmin_635426549a280cc6", "nicholas.hakmiller"), entities.get("usernames"));
  }

  @Test
  void givenResourcesAndHostName_whenEntities_expectAccountsArnsAndDomain() {
    Entities entities = new Entities.Builder().addRecord(obj("{'sourceIPAddress':'EC2.amazonaws.com',"
        + "'resources':[{'ARN':'arn:aws:s3:::b','accountId':'222'},{'arn':'arn:aws:s3:::a','AccountId':'111'},7]}")).build();
    assertEquals(List.of("111", "222"), entities.get("aws_account_ids"));
    assertEquals(List.of("arn:aws:s3:::a", "arn:aws:s3:::b"), entities.get("aws_arns"));
    assertEquals(List.of("ec2.amazonaws.com"), entities.get("domain_names"));
    assertEquals(List.of(), entities.get("ip_addresses"));
  }

  @Test
  void givenIpv6AndInternalSource_whenEntities_expectOnlyTheIp() {
    assertEquals(List.of("2001:db8::1"), new Entities.Builder()
        .addRecord(obj("{'sourceIPAddress':'2001:db8::1'}")).build().get("ip_addresses"));
    Entities internal = new Entities.Builder().addRecord(obj("{'sourceIPAddress':'AWS Internal'}")).build();
    assertEquals(List.of(), internal.get("ip_addresses"));
    assertEquals(List.of(), internal.get("domain_names"));
  }

  @Test
  void givenTwoRecords_whenUnion_expectSortedUniqueValues() {
    Entities union = new Entities.Builder()
        .addRecord(Json.akiaRecord("bob", "AKIA2", "2024-01-01T00:00:00Z"))
        .addRecord(Json.akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z"))
        .addRecord(Json.akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z"))
        .build();
    assertEquals(List.of("AKIA1", "AKIA2"), union.get("trace_ids"));
    assertEquals(List.of("alice", "bob"), union.get("usernames"));
    assertEquals(Entities.KINDS, List.copyOf(union.values().keySet()));
  }

  @Test
  void givenUnknownKind_whenConstructed_expectErrorNamingKinds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Entities(Map.of("emails", List.of("x"))));
    assertEquals("unknown entity kind in [emails]; known: " + Entities.KINDS, e.getMessage());
  }
}
