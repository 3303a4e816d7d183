package io.trailwatch.engine;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one log's records, read by {@link TargetedRead}: a value a log repeats (its account,
 * regions, event sources, users, keys, addresses, agents), or a key of a level kept whole (userIdentity's),
 * is one {@link TextNode} and one String while it stays in the cache, hashed once; within the log, lookups
 * of an equal value then meet the same instance (across logs and threads they still compare contents).
 *
 * <p>Rules kept: {@link #text} returns a node whose text equals the bytes given (ASCII, as a targeted read
 * hands them), cached or new; values longer than {@value #MAX_BYTES} bytes are never cached; memory is
 * bounded: {@value #SLOTS} slots, direct-mapped by a hash of the length and the first and last 8 bytes, a miss
 * replacing the slot. Not thread-safe: one per log read.
 */
final class TextCache {
  static final int SLOTS = 1024;
  static final int MAX_BYTES = 160;

  private final byte[][] keys = new byte[SLOTS][];
  private final TextNode[] nodes = new TextNode[SLOTS];

  /** The text of the ASCII bytes {@code bytes[from, to)}. */
  TextNode text(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length > MAX_BYTES) {
      return TextNode.valueOf(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
    }
    int hash = length; // of the length and the first and last 8 bytes: values differ there, and a clash only misses
    int head = Math.min(to, from + 8);
    for (int i = from; i < head; i++) {
      hash = 31 * hash + bytes[i];
    }
    for (int i = Math.max(head, to - 8); i < to; i++) {
      hash = 31 * hash + bytes[i];
    }
    int slot = (hash ^ hash >>> 10 ^ hash >>> 20) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
      return nodes[slot];
    }
    keys[slot] = Arrays.copyOfRange(bytes, from, to);
    TextNode node = TextNode.valueOf(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
    nodes[slot] = node;
    return node;
  }
}
