package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextCacheTest {
  private final TextCache cache = new TextCache();

  private TextNode text(String value) {
    byte[] bytes = ("xx" + value + "yy").getBytes(StandardCharsets.US_ASCII); // a range inside a buffer
    return cache.text(bytes, 2, bytes.length - 2);
  }

  @Test
  void givenAValueRepeated_whenRead_expectOneNodeAndOneString() {
    TextNode first = text("123456789012");
    assertSame(first, text("123456789012"));
    assertEquals("123456789012", first.textValue());
  }

  @Test
  void givenMoreValuesThanSlots_whenReadInRandomOrder_expectEachNodeToHoldItsOwnText() {
    Random random = new Random(7);
    java.util.Set<TextNode> nodes = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < 100_000; i++) {
      // 15,000 distinct values for 1,024 slots: slots are shared and replaced all the time
      String value = Integer.toString(random.nextInt(3_000), 36) + (random.nextBoolean() ? "" : "-" + random.nextInt(5));
      TextNode node = text(value);
      assertEquals(value, node.textValue());
      assertSame(node, text(value), "a value just read is in its slot");
      nodes.add(node);
    }
    assertTrue(nodes.size() > 15_000, "replaced slots make new nodes: " + nodes.size());
  }

  @Test
  void givenAValueLongerThanTheCachedOnes_whenReadTwice_expectEqualTextsNotShared() {
    String value = "a".repeat(TextCache.MAX_BYTES + 1);
    TextNode first = text(value);
    assertEquals(value, first.textValue());
    assertNotSame(first, text(value));
    assertSame(text("a".repeat(TextCache.MAX_BYTES)), text("a".repeat(TextCache.MAX_BYTES)));
  }

  @Test
  void givenTheEmptyString_whenRead_expectItsText() {
    assertEquals("", text("").textValue());
  }

  private static final String IDENTITY = "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::1:user/jack\"}";

  @Test
  void givenAnObjectShared_whenItsBytesComeAgainAtItsDepth_expectItsTree() {
    ObjectNode tree = Json.obj("{'type':'IAMUser'}");
    byte[] first = Logs.utf8("x" + IDENTITY + ",1");
    cache.share(first, 1, 1 + IDENTITY.length(), 1, tree);
    byte[] again = Logs.utf8("yy" + IDENTITY + "}");
    TextCache.Shared seen = cache.shared(again, 2, again.length, 1);
    assertSame(tree, seen.node());
    assertEquals(IDENTITY.length(), seen.bytes().length);
  }

  @Test
  void givenAnObjectShared_whenOtherBytesAnotherDepthOrTooFewBytesFollow_expectNone() {
    byte[] bytes = Logs.utf8(IDENTITY);
    cache.share(bytes, 0, bytes.length, 1, Json.obj("{}"));
    byte[] other = Logs.utf8(IDENTITY.replace("jack", "jill"));
    assertNull(cache.shared(other, 0, other.length, 1), "the same first 64 bytes, not the same object");
    assertNull(cache.shared(bytes, 0, bytes.length, 2), "the same bytes at another depth");
    assertNull(cache.shared(bytes, 0, bytes.length - 1, 1), "the object goes on past the bytes given");
  }

  @Test
  void givenObjectsOutsideTheSizeBounds_whenShared_expectNotKept() {
    String small = "{\"type\":\"Root\"}";
    String big = "{\"a\":\"" + "b".repeat(TextCache.MAX_OBJECT_BYTES) + "\"}";
    for (String text : List.of(small, big)) {
      byte[] bytes = Logs.utf8(text + " ".repeat(TextCache.MIN_OBJECT_BYTES));
      cache.share(bytes, 0, text.length(), 1, Json.obj("{}"));
      assertNull(cache.shared(bytes, 0, bytes.length, 1), text.length() + " bytes");
    }
  }
}
