package io.trailwatch.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one log's records, read by {@link TargetedRead}: a value a log repeats (its account,
 * regions, event sources, users, keys, addresses, agents), or a key of a level kept whole (userIdentity's),
 * is one {@link TextNode} and one String while it stays in the cache, hashed once; within the log, lookups
 * of an equal value then meet the same instance (across logs and threads they still compare contents). An
 * object the read keeps whole below a level it reads in part (a record's userIdentity) is kept too, with its
 * bytes: the records of one caller repeat them, and then share its tree instead of building it again.
 *
 * <p>Rules kept: {@link #text} returns a node whose text equals the bytes given (ASCII, as a targeted read
 * hands them), cached or new; values longer than {@value #MAX_BYTES} bytes are never cached; memory is
 * bounded: {@value #SLOTS} slots, direct-mapped by a hash of the length and the first and last 8 bytes, a miss
 * replacing the slot. {@link #shared} answers only for the very bytes of an object kept, through its closing
 * brace, at the depth it was read at (the same bytes there are the same tree); objects of
 * {@value #MIN_OBJECT_BYTES} to {@value #MAX_OBJECT_BYTES} bytes are kept, in {@value #OBJECT_SLOTS} slots
 * direct-mapped by their first {@value #MIN_OBJECT_BYTES} bytes (an IAM user's type and principalId), a miss
 * replacing the slot. Not thread-safe: one per log read.
 */
final class TextCache {
  static final int SLOTS = 1024;
  static final int MAX_BYTES = 160;

  /** Slots for the objects kept whole below a level read in part (userIdentity), and their size bounds. */
  static final int OBJECT_SLOTS = 1024;
  static final int MIN_OBJECT_BYTES = 64;
  static final int MAX_OBJECT_BYTES = 1024;

  private final byte[][] keys = new byte[SLOTS][];
  private final TextNode[] nodes = new TextNode[SLOTS];
  private final Shared[] objects = new Shared[OBJECT_SLOTS];

  /**
   * An object a targeted read built whole, with its bytes (from its '{' to its '}') and the depth it was read
   * at: the same bytes at the same depth make the same tree, so the records that repeat them share it.
   */
  record Shared(byte[] bytes, int depth, ObjectNode node) {}

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

  /**
   * The object read before at {@code depth} whose bytes start {@code bytes[from, to)} (at its '{'), or null
   * (also when fewer than {@value #MIN_OBJECT_BYTES} bytes are left).
   */
  Shared shared(byte[] bytes, int from, int to, int depth) {
    if (to - from < MIN_OBJECT_BYTES) {
      return null;
    }
    Shared seen = objects[objectSlot(bytes, from, depth)];
    if (seen != null && seen.depth == depth && to - from >= seen.bytes.length
        && Arrays.equals(seen.bytes, 0, seen.bytes.length, bytes, from, from + seen.bytes.length)) {
      return seen;
    }
    return null;
  }

  /** Keeps {@code node}, read whole at {@code depth} from {@code bytes[from, to)}, when its size is in bounds. */
  void share(byte[] bytes, int from, int to, int depth, ObjectNode node) {
    int length = to - from;
    if (length >= MIN_OBJECT_BYTES && length <= MAX_OBJECT_BYTES) {
      objects[objectSlot(bytes, from, depth)] = new Shared(Arrays.copyOfRange(bytes, from, to), depth, node);
    }
  }

  /** Of the depth and the first {@value #MIN_OBJECT_BYTES} bytes (an identity's type and principalId). */
  private static int objectSlot(byte[] bytes, int from, int depth) {
    int hash = depth;
    for (int i = from; i < from + MIN_OBJECT_BYTES; i++) {
      hash = 31 * hash + bytes[i];
    }
    return (hash ^ hash >>> 8 ^ hash >>> 16) & (OBJECT_SLOTS - 1);
  }
}
