package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sam build} does with template.yaml's {@code BuildMethod: makefile}: {@code make
 * build-Function} with ARTIFACTS_DIR set. Runs after {@code package}, so make finds the jar newer than
 * every source and only lays it out.
 */
class SamBuildIT {
  @TempDir Path artifacts;

  @Test
  void givenTheMakeTargetAsSamRunsIt_whenBuilt_expectTheHandlerAndItsDependenciesOnLambdasClassPath() throws Exception {
    ProcessBuilder make = new ProcessBuilder("make", "build-Function").redirectErrorStream(true);
    make.environment().put("ARTIFACTS_DIR", artifacts.toString());
    Process process = make.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    Path jar = artifacts.resolve("lib/trailwatch.jar"); // Lambda's java21 runtime: /var/task/lib/*.jar
    assertTrue(Files.isRegularFile(jar), output);
    try (JarFile file = new JarFile(jar.toFile())) {
      Set<String> entries = file.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toSet());
      for (String needed : Set.of("io/trailwatch/lambda/Handler.class",
          "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
          "software/amazon/awssdk/services/dynamodb/DynamoDbClient.class",
          "software/amazon/awssdk/services/s3/S3Client.class", "software/amazon/awssdk/services/sns/SnsClient.class",
          "com/fasterxml/jackson/databind/ObjectMapper.class", "rules/aws_iam_backdoor_user_keys.yml")) {
        assertTrue(entries.contains(needed), needed + " missing from the built function");
      }
      assertEquals(List.of(), file.stream().filter(entry -> entry.getMethod() != java.util.zip.ZipEntry.STORED)
          .map(java.util.zip.ZipEntry::getName).limit(3).toList(), "entries deflated, read at every cold start");
    }
  }
}
