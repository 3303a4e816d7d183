package io.trailwatch.engine;

import static io.trailwatch.engine.Json.obj;
import static io.trailwatch.engine.Json.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FieldsTest {
  @Test
  void givenExactAndOtherCaseKeys_whenGet_expectExactKeyWins() {
    assertEquals("exact", Fields.text(obj("{'sourceIPAddress':'other','sourceIpAddress':'exact'}"), "sourceIpAddress"));
  }

  @Test
  void givenOnlyOtherCaseKeys_whenGet_expectFirstInDocumentOrder() {
    assertEquals("first", Fields.text(obj("{'SOURCEipaddress':'first','sourceIPAddress':'second'}"), "sourceIpAddress"));
  }

  @Test
  void givenNestedOtherCaseKeys_whenGetPath_expectEveryLevelIgnoresCase() {
    assertEquals("AKIAX", Fields.text(obj("{'UserIdentity':{'ACCESSKEYID':'AKIAX'}}"), "userIdentity", "accessKeyId"));
  }

  @Test
  void givenNullOrMissingOrNonObjectStep_whenGet_expectAbsent() {
    assertNull(Fields.get(obj("{'a':null}"), "a"));
    assertNull(Fields.get(obj("{'a':1}"), "b"));
    assertNull(Fields.get(obj("{'a':'text'}"), "a", "b"));
    assertNull(Fields.get(obj("{'a':{'b':null}}"), "a", "b"));
  }

  @ParameterizedTest(name = "{0} is truthy: {1}")
  @CsvSource(delimiter = '|', value = {
      "null|false", "''|false", "\"\"|false", "false|false", "0|false", "0.0|false", "[]|false", "{}|false",
      "\"x\"|true", "true|true", "1|true", "-0.5|true", "[0]|true", "{\"a\":null}|true"})
  void givenJsonValue_whenTruthy_expectPythonTruthiness(String json, boolean expected) {
    assertEquals(expected, Fields.truthy(json.equals("''") ? null : tree(json)));
  }

  @ParameterizedTest(name = "{0} renders as {1}")
  @CsvSource(delimiter = '|', value = {"\"arn:x\"|arn:x", "true|True", "false|False", "12|12", "[1,2]|[1,2]"})
  void givenValue_whenPythonStr_expectPythonRendering(String json, String expected) {
    assertEquals(expected, Fields.pythonStr(tree(json)));
  }

  @Test
  void givenAbsent_whenPythonStr_expectNone() {
    assertEquals("None", Fields.pythonStr(null));
  }
}
