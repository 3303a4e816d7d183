package io.trailwatch.engine;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a record that something reads, as a tree of key names: what {@link TargetedRead} keeps.
 *
 * <p>Rules kept: names are compared ignoring ASCII case (a record's key that is not plain ASCII is
 * never looked up here: the reader falls back to the whole record for it, and a path's key that is not
 * plain ASCII keeps its whole level); the last key of a path is kept whole, with everything below it,
 * and a path that is a prefix of another wins over it; an index step ({@code [N]}, {@code [*]}) keeps
 * the list before it whole.
 */
final class Interest {
  /** Keeps everything below it. */
  static final Interest WHOLE = new Interest(Map.of());

  // the names, ordered by length; those of length n are at [byLength[n], byLength[n + 1])
  private final byte[][] names;
  private final String[] spellings;
  private final byte[][] spelled;
  private final Interest[] children;
  private final int[] byLength;

  private Interest(Map<String, Node> children) {
    List<Map.Entry<String, Node>> ordered = children.entrySet().stream()
        .sorted(Comparator.comparingInt(child -> child.getKey().length())).toList();
    this.names = new byte[ordered.size()][];
    this.spellings = new String[ordered.size()];
    this.spelled = new byte[ordered.size()][];
    this.children = new Interest[ordered.size()];
    int longest = ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).getKey().length();
    this.byLength = new int[longest + 2];
    int i = 0;
    for (Map.Entry<String, Node> child : ordered) {
      names[i] = child.getKey().getBytes(StandardCharsets.US_ASCII);
      spellings[i] = child.getValue().spelling.intern(); // the same instance as the code's literal
      spelled[i] = spellings[i].getBytes(StandardCharsets.US_ASCII);
      this.children[i++] = child.getValue().build();
    }
    for (int length = 0, at = 0; length < byLength.length; length++) {
      while (at < names.length && names[at].length < length) {
        at++;
      }
      byLength[length] = at;
    }
  }

  /** The tree of {@code paths}' leading keys (see {@link KeyPath#leadingKeys}). */
  static Interest of(Collection<KeyPath> paths) {
    Node root = new Node("");
    for (KeyPath path : paths) {
      Node node = root;
      List<String> keys = path.leadingKeys();
      for (int i = 0; i < keys.size() && !node.whole; i++) {
        String key = keys.get(i);
        if (!key.chars().allMatch(c -> c < 0x80)) {
          break; // a plain key may equal it ignoring case (K and the Kelvin sign): keep its whole level
        }
        node = node.children.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new Node(key));
      }
      node.whole = true;
      node.children.clear();
    }
    return root.build();
  }

  boolean isWhole() {
    return this == WHOLE;
  }

  /**
   * Finds the name the ASCII key at {@code bytes[from, to)} equals ignoring case, in one pass over the key:
   * its index when the key is spelled as {@link #spelling} gives it, {@code -2 - index} when it is spelled
   * otherwise (another case), -1 when nothing below it is read (never called on {@link #WHOLE}).
   */
  int find(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length + 1 >= byLength.length) {
      return -1;
    }
    candidates:
    for (int i = byLength[length], last = byLength[length + 1]; i < last; i++) {
      byte[] lower = names[i];
      byte[] spelt = spelled[i];
      boolean exact = true;
      for (int k = 0; k < length; k++) {
        int b = bytes[from + k];
        if (b != spelt[k]) {
          exact = false;
          if (RecordScanner.lowerAscii(b) != lower[k]) {
            continue candidates;
          }
        }
      }
      return exact ? i : -2 - i;
    }
    return -1;
  }

  /** What to keep below the name at {@code index}. */
  Interest child(int index) {
    return children[index];
  }

  /**
   * The name at {@code index} as the first path that reads it spells it (interned, so lookups with the
   * code's own literal compare by identity).
   */
  String spelling(int index) {
    return spellings[index];
  }

  /** Whether {@code key} is spelled exactly as one of this level's names. */
  boolean isSpelling(String key) {
    for (String spelling : spellings) {
      if (spelling == key) {
        return true; // the code's literal: the usual case
      }
    }
    for (String spelling : spellings) {
      if (spelling.equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** A node while the tree is built (names are ASCII: non-ASCII ones could never match a plain key). */
  private static final class Node {
    final String spelling;
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean whole;

    Node(String spelling) {
      this.spelling = spelling;
    }

    Interest build() {
      return whole ? WHOLE : new Interest(children);
    }
  }
}
