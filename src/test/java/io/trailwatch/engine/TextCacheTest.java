package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
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
}
