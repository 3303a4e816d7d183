package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml keeps least privilege and encryption (cfn-lint and the SAM transform run in bin/test). */
class TemplateTest {
  private static JsonNode template;
  private static JsonNode resources;

  @BeforeAll
  static void read() throws IOException {
    template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
    resources = template.get("Resources");
  }

  /** Every action the function's policies grant, through Fn::If branches. */
  static Set<String> functionActions() throws IOException {
    read();
    Set<String> actions = new java.util.TreeSet<>();
    functionStatements().forEach(statement -> statement.get("Action").forEach(action -> actions.add(action.textValue())));
    return actions;
  }

  /** Every IAM statement the function's policies hold, through Fn::If branches. */
  private static List<JsonNode> functionStatements() {
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : resources.get("Function").get("Properties").get("Policies")) {
      collect(policy, statements);
    }
    return statements;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.has("Statement")) {
      node.get("Statement").forEach(out::add);
    } else if (node.has("Fn::If")) {
      collect(node.get("Fn::If").get(1), out);
      collect(node.get("Fn::If").get(2), out);
    }
  }

  @Test
  void givenFunctionPolicies_whenRead_expectNoWildcardActionAndNoResourceStar() {
    List<JsonNode> statements = functionStatements();
    assertTrue(statements.size() >= 5, statements.toString());
    for (JsonNode statement : statements) {
      for (JsonNode action : statement.get("Action")) {
        assertFalse(action.textValue().contains("*"), "wildcard action " + action + " in " + statement);
      }
      JsonNode resource = statement.get("Resource");
      assertFalse(resource.isTextual() && resource.textValue().equals("*"), "Resource * in " + statement);
      assertFalse(resource.isArray(), "one resource per statement: " + statement);
    }
  }

  @Test
  void givenS3Read_whenRead_expectOnlyObjectsBelowTheTrailPrefix() {
    JsonNode read = functionStatements().stream().filter(s -> "ReadTrailLogs".equals(s.get("Sid").textValue()))
        .findFirst().orElseThrow();
    assertEquals("arn:${AWS::Partition}:s3:::${TrailBucketName}/${TrailKeyPrefix}*", read.get("Resource").get("Fn::Sub").textValue());
    assertEquals(Set.of("s3:GetObject", "s3:GetObjectVersion"),
        Set.of(read.get("Action").get(0).textValue(), read.get("Action").get(1).textValue()));
  }

  @Test
  void theTuningFileIsReadableOnlyWhenSetAndOnlyThatObject() {
    JsonNode tuning = functionStatements().stream().filter(s -> "ReadTuningFile".equals(s.get("Sid").textValue()))
        .findFirst().orElseThrow();
    assertEquals("[\"s3:GetObject\"]", tuning.get("Action").toString());
    JsonNode sub = tuning.get("Resource").get("Fn::Sub");
    assertEquals("arn:${AWS::Partition}:s3:::${Object}", sub.get(0).textValue());
    assertEquals("{\"Fn::Select\":[1,{\"Fn::Split\":[\"s3://\",{\"Ref\":\"TuningS3Uri\"}]}]}",
        sub.get(1).get("Object").toString());
    JsonNode policies = resources.get("Function").get("Properties").get("Policies");
    boolean conditional = false;
    for (JsonNode policy : policies) {
      conditional |= policy.has("Fn::If") && policy.get("Fn::If").get(0).textValue().equals("HasTuning")
          && policy.get("Fn::If").get(2).get("Ref").textValue().equals("AWS::NoValue");
    }
    assertTrue(conditional, "granted only when TuningS3Uri is set");
    assertEquals("^$|^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$",
        template.get("Parameters").get("TuningS3Uri").get("AllowedPattern").textValue());
  }

  @Test
  void securityHubAndChatAreGrantedOnlyTheirOneActionOnTheirOneResourceWhenSwitchedOn() {
    JsonNode findings = statement("ImportFindings");
    assertEquals("[\"securityhub:BatchImportFindings\"]", findings.get("Action").toString());
    assertEquals("arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:product/${AWS::AccountId}/default",
        findings.get("Resource").get("Fn::Sub").textValue());
    JsonNode chat = statement("PublishChatNotifications");
    assertEquals("[\"sns:Publish\"]", chat.get("Action").toString());
    assertEquals("ChatTopic", chat.get("Resource").get("Ref").textValue());
    Set<String> conditions = new java.util.HashSet<>();
    for (JsonNode policy : resources.get("Function").get("Properties").get("Policies")) {
      if (policy.has("Fn::If")) {
        conditions.add(policy.get("Fn::If").get(0).textValue());
      }
    }
    assertTrue(conditions.containsAll(Set.of("HasChat", "HasSecurityHub")), conditions.toString());
    assertEquals("HasChat", resources.get("ChatTopic").get("Condition").textValue());
    assertEquals("AlertKey", resources.get("ChatTopic").get("Properties").get("KmsMasterKeyId").get("Ref").textValue());
  }

  @Test
  void theBatchOperationsRoleIsTrustedByBatchOperationsOfThisAccountAndMayOnlyInvokeTheAliasReadManifestsWriteReports() {
    JsonNode role = resources.get("BatchOperationsRole").get("Properties");
    JsonNode trust = role.get("AssumeRolePolicyDocument").get("Statement").get(0);
    assertEquals("batchoperations.s3.amazonaws.com", trust.get("Principal").get("Service").textValue());
    assertEquals("AWS::AccountId", trust.get("Condition").get("StringEquals").get("aws:SourceAccount").get("Ref").textValue());
    java.util.Map<String, String> granted = new java.util.TreeMap<>();
    for (JsonNode statement : role.get("Policies").get(0).get("PolicyDocument").get("Statement")) {
      assertFalse(statement.get("Resource").isArray(), statement.toString());
      granted.put(statement.get("Action").toString(), statement.get("Resource").toString());
    }
    assertEquals(java.util.Map.of(
        "[\"lambda:InvokeFunction\"]", "{\"Ref\":\"FunctionAliaslive\"}",
        "[\"s3:GetObject\",\"s3:GetObjectVersion\"]", "{\"Fn::Sub\":\"${BackfillBucket.Arn}/manifests/*\"}",
        "[\"s3:PutObject\"]", "{\"Fn::Sub\":\"${BackfillBucket.Arn}/reports/*\"}"), granted);
    assertEquals("BatchOperationsRole", template.get("Outputs").get("BatchOperationsRoleArn").get("Value").get("Fn::GetAtt")
        .get(0).textValue());
  }

  private static JsonNode statement(String sid) {
    return functionStatements().stream().filter(s -> sid.equals(s.get("Sid").textValue())).findFirst().orElseThrow();
  }

  @Test
  void givenTopicsQueueAndTable_whenRead_expectEncryptedAndTheDedupContract() {
    assertEquals("AlertKey", resources.get("AlertTopic").get("Properties").get("KmsMasterKeyId").get("Ref").textValue());
    assertEquals("AlertKey", resources.get("OpsTopic").get("Properties").get("KmsMasterKeyId").get("Ref").textValue());
    assertTrue(resources.get("FailureQueue").get("Properties").get("SqsManagedSseEnabled").booleanValue());
    JsonNode table = resources.get("DedupTable").get("Properties");
    assertEquals("pk", table.get("KeySchema").get(0).get("AttributeName").textValue());
    assertEquals("S", table.get("AttributeDefinitions").get(0).get("AttributeType").textValue());
    assertEquals("expiresAt", table.get("TimeToLiveSpecification").get("AttributeName").textValue());
    assertEquals("PAY_PER_REQUEST", table.get("BillingMode").textValue());
  }

  @Test
  void givenS3Permission_whenRead_expectScopedBySourceArnAndAccount() {
    JsonNode permission = resources.get("S3InvokePermission").get("Properties");
    assertEquals("s3.amazonaws.com", permission.get("Principal").textValue());
    assertEquals("arn:${AWS::Partition}:s3:::${TrailBucketName}", permission.get("SourceArn").get("Fn::Sub").textValue());
    assertEquals("AWS::AccountId", permission.get("SourceAccount").get("Ref").textValue());
  }

  @Test
  void givenEventsEnvJson_whenRead_expectEveryVariableDeclaredSoSamLocalAppliesIt() throws IOException {
    JsonNode declared = resources.get("Function").get("Properties").get("Environment").get("Variables");
    JsonNode local = new ObjectMapper().readTree(Path.of("events/env.json").toFile()).get("Function");
    local.fieldNames().forEachRemaining(name -> assertTrue(declared.has(name),
        name + " is set by events/env.json but not declared in template.yaml: sam local invoke would drop it"));
    assertEquals("", declared.get("AWS_ENDPOINT_URL").textValue(), "empty in AWS, which Config reads as unset");
  }

  @Test
  void givenTheSamBuild_whenRead_expectTheMakefileMethodOnTheProjectDirectory() {
    JsonNode function = resources.get("Function");
    assertEquals("makefile", function.get("Metadata").get("BuildMethod").textValue());
    assertEquals(".", function.get("Properties").get("CodeUri").textValue());
  }

  @Test
  void givenTheLogGroup_whenRead_expectLambdasDefaultGroupWhereSamLogsLooks() {
    assertEquals("/aws/lambda/${Function}",
        resources.get("LogGroup").get("Properties").get("LogGroupName").get("Fn::Sub").textValue());
    assertFalse(resources.get("Function").get("Properties").has("LoggingConfig"),
        "a custom group would hide the logs from sam logs -n Function");
  }

  @Test
  void givenFunction_whenRead_expectJava21SnapStartAndTheHandlerClass() {
    JsonNode function = resources.get("Function").get("Properties");
    assertEquals("java21", function.get("Runtime").textValue());
    assertEquals("PublishedVersions", function.get("SnapStart").get("ApplyOn").textValue());
    assertEquals(Handler.class.getName() + "::handleRequest", function.get("Handler").textValue());
  }
}
