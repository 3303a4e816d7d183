package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * Reads one record's bytes into a tree that holds only the fields of an {@link Interest}, checking the
 * rest without building it: the tree Jackson would build, minus what nobody reads.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>the same tree: at each level kept, every key equal to a wanted name ignoring case is kept, in
 *       document order, a repeated key keeping its first place and its last value (as Jackson's tree
 *       does), so {@link Fields} and {@link KeyPath} lookups find on it what they find on the whole
 *       record; a value that is not an object is kept whole even where only some of its keys are
 *       wanted;</li>
 *   <li>never more lenient than Jackson: it answers only for plain input (RFC 8259 grammar, ASCII,
 *       no escapes in the keys of a kept level, keys of at most {@value #MAX_KEY} and numbers of at most
 *       {@value #MAX_NUMBER} characters,
 *       nesting up to {@value #MAX_DEPTH}); for anything else, including every invalid record, it
 *       answers null and the caller parses the whole record with Jackson, which decides;</li>
 *   <li>kept numbers and escaped strings are handed to Jackson token by token, so their nodes are
 *       Jackson's own; a plain string's node, and a kept key not spelled as its wanted name, come from
 *       the log's {@link TextCache}, equal to what Jackson would make (value nodes are immutable, so
 *       records may share one);</li>
 *   <li>an object kept whole below a level read in part (userIdentity) whose bytes the log showed before at
 *       the same depth is that object's tree, from the {@link TextCache}: records of one caller share it, and
 *       nothing changes a tree after its read.</li>
 * </ul>
 */
final class TargetedRead {
  static final int MAX_NUMBER = 100;
  static final int MAX_DEPTH = 200;
  static final int MAX_KEY = 1000;

  /** Thrown, without a stack trace, when the input is not plain: the caller falls back. */
  private static final class NotPlain extends Exception {
    private static final long serialVersionUID = 1L;
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super("not plain JSON", null, false, false);
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final byte[] b;
  private final int end;
  private final TextCache texts;
  private int pos;
  private int depth;

  private TargetedRead(byte[] bytes, int from, int to, TextCache texts) {
    this.b = bytes;
    this.pos = from;
    this.end = to;
    this.texts = texts;
  }

  /**
   * The record at {@code bytes[from, to)} with the fields of {@code interest}, its plain strings' nodes taken
   * from {@code texts}, or null when its bytes are not plain (see the class rules): parse it whole then.
   */
  static ObjectNode read(byte[] bytes, int from, int to, Interest interest, TextCache texts) {
    TargetedRead read = new TargetedRead(bytes, from, to, texts);
    try {
      read.whitespace();
      if (read.pos >= to || bytes[read.pos] != '{') {
        return null;
      }
      ObjectNode record = (ObjectNode) read.object(interest);
      read.whitespace();
      return read.pos == to ? record : null;
    } catch (NotPlain e) {
      return null;
    }
  }

  /** A record read from the start of a byte range that may go on past it: its fields and where it ends. */
  record Leading(ObjectNode fields, int end) {}

  /**
   * The record starting at {@code bytes[from]} (its '{'), read as {@link #read} reads it, when it ends within
   * {@code bytes[from, limit)} and its bytes are plain: its fields and the index past its '}'; else null
   * (also when it may go on past {@code limit}: a record is only complete at its closing brace).
   */
  static Leading readLeading(byte[] bytes, int from, int limit, Interest interest, TextCache texts) {
    TargetedRead read = new TargetedRead(bytes, from, limit, texts);
    try {
      return from < limit && bytes[from] == '{' ? new Leading((ObjectNode) read.object(interest), read.pos) : null;
    } catch (NotPlain e) {
      return null;
    }
  }

  /** Reads one value: built when {@code keep} is not null, else only checked. */
  private JsonNode value(Interest keep) throws NotPlain {
    whitespace();
    if (pos >= end) {
      throw NotPlain.INSTANCE;
    }
    return switch (b[pos]) {
      case '{' -> object(keep);
      case '[' -> array(keep);
      case '"' -> string(keep != null);
      case 't' -> literal("true", keep == null ? null : BooleanNode.TRUE);
      case 'f' -> literal("false", keep == null ? null : BooleanNode.FALSE);
      case 'n' -> literal("null", keep == null ? null : NullNode.getInstance());
      default -> number(keep != null);
    };
  }

  private JsonNode object(Interest keep) throws NotPlain {
    enter();
    pos++;
    ObjectNode node = keep == null ? null : keep.isWhole() ? NODES.objectNode() : new KeptObject(keep);
    if (empty('}')) {
      return node;
    }
    while (true) {
      whitespace();
      if (pos >= end || b[pos] != '"') {
        throw NotPlain.INSTANCE;
      }
      int keyFrom = pos + 1;
      boolean plainKey = skipString();
      int keyTo = pos - 1;
      if (keyTo - keyFrom > MAX_KEY) {
        throw NotPlain.INSTANCE; // Jackson has a limit on names
      }
      Interest child = null;
      String name = null;
      if (keep != null) {
        if (!plainKey) {
          throw NotPlain.INSTANCE; // an escaped key where keys are looked up: Jackson decodes it
        }
        if (keep.isWhole()) {
          child = Interest.WHOLE;
        } else {
          int found = keep.find(b, keyFrom, keyTo);
          int wanted = found >= 0 ? found : -2 - found; // -1 stays -1: nothing below it is read
          child = wanted < 0 ? null : keep.child(wanted);
          name = found >= 0 ? keep.spelling(found) : null;
          if (found < -1) {
            ((KeptObject) node).holdsOtherSpellings();
          }
        }
      }
      whitespace();
      if (pos >= end || b[pos] != ':') {
        throw NotPlain.INSTANCE;
      }
      pos++;
      JsonNode value = child == Interest.WHOLE && !keep.isWhole() ? whole() : value(child);
      if (value != null) {
        node.replace(name != null ? name : texts.text(b, keyFrom, keyTo).textValue(), value);
      }
      if (closes('}')) {
        return node;
      }
    }
  }

  /**
   * A value kept whole below a level read in part (userIdentity): an object whose bytes the log has shown
   * at this depth before is that object's tree, shared (trees are never changed after the read).
   */
  private JsonNode whole() throws NotPlain {
    whitespace();
    if (pos >= end || b[pos] != '{') {
      return value(Interest.WHOLE);
    }
    TextCache.Shared seen = texts.shared(b, pos, end, depth);
    if (seen != null) {
      pos += seen.bytes().length;
      return seen.node();
    }
    int from = pos;
    ObjectNode node = (ObjectNode) object(Interest.WHOLE);
    texts.share(b, from, pos, depth, node);
    return node;
  }

  private JsonNode array(Interest keep) throws NotPlain {
    enter();
    pos++;
    ArrayNode node = keep == null ? null : NODES.arrayNode();
    Interest elements = keep == null ? null : Interest.WHOLE;
    if (empty(']')) {
      return node;
    }
    while (true) {
      JsonNode value = value(elements);
      if (node != null) {
        node.add(value);
      }
      if (closes(']')) {
        return node;
      }
    }
  }

  /** At the start of a container: true (and past it) when {@code close} follows at once. */
  private boolean empty(char close) {
    whitespace();
    if (pos < end && b[pos] == close) {
      pos++;
      depth--;
      return true;
    }
    return false;
  }

  /** After a member or element: true (and past it) at {@code close}, false past a ','. */
  private boolean closes(char close) throws NotPlain {
    whitespace();
    if (pos >= end) {
      throw NotPlain.INSTANCE;
    }
    if (b[pos] == ',') {
      pos++;
      return false;
    }
    if (b[pos] == close) {
      pos++;
      depth--;
      return true;
    }
    throw NotPlain.INSTANCE;
  }

  private void enter() throws NotPlain {
    if (++depth > MAX_DEPTH) {
      throw NotPlain.INSTANCE;
    }
  }

  /** A string at {@code pos} ('"'): its node when {@code keep}, else null. */
  private JsonNode string(boolean keep) throws NotPlain {
    int from = pos;
    boolean plain = skipString();
    if (!keep) {
      return null;
    }
    if (plain) {
      return texts.text(b, from + 1, pos - 1);
    }
    return jackson(from, pos);
  }

  /**
   * Moves past the string at {@code pos}, checking it: ASCII, no control characters, valid escapes.
   * True when it holds no escape.
   */
  private boolean skipString() throws NotPlain {
    byte[] bytes = b;
    int limit = end;
    int i = pos + 1;
    boolean plain = true;
    while (true) {
      byte c = 0;
      // the hot loop: most of a record is inside strings; a negative byte is not ASCII
      while (i < limit && (c = bytes[i]) >= 0x20 && c != '"' && c != '\\') {
        i++;
      }
      if (i >= limit || c < 0x20) {
        throw NotPlain.INSTANCE;
      }
      if (c == '"') {
        pos = i + 1;
        return plain;
      }
      plain = false;
      i = escape(i);
    }
  }

  /** The index after the escape at {@code i} ('\'). */
  private int escape(int i) throws NotPlain {
    if (i + 1 >= end) {
      throw NotPlain.INSTANCE;
    }
    switch (b[i + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 2;
      }
      case 'u' -> {
        if (i + 6 > end) {
          throw NotPlain.INSTANCE;
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (Character.digit(b[k], 16) < 0) {
            throw NotPlain.INSTANCE;
          }
        }
        return i + 6;
      }
      default -> throw NotPlain.INSTANCE;
    }
  }

  private JsonNode literal(String word, JsonNode node) throws NotPlain {
    int length = word.length();
    if (pos + length > end) {
      throw NotPlain.INSTANCE;
    }
    for (int k = 0; k < length; k++) {
      if (b[pos + k] != word.charAt(k)) {
        throw NotPlain.INSTANCE;
      }
    }
    pos += length;
    delimiter();
    return node;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, then a delimiter. */
  private JsonNode number(boolean keep) throws NotPlain {
    int from = pos;
    if (b[pos] == '-') {
      pos++;
    }
    if (pos < end && b[pos] == '0') {
      pos++;
    } else if (digits() == 0) {
      throw NotPlain.INSTANCE;
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw NotPlain.INSTANCE;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw NotPlain.INSTANCE;
      }
    }
    if (pos - from > MAX_NUMBER) {
      throw NotPlain.INSTANCE;
    }
    delimiter();
    return keep ? jackson(from, pos) : null;
  }

  private int digits() {
    int from = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos - from;
  }

  /** After a literal or number: the input ends or whitespace, ',', '}' or ']' follows. */
  private void delimiter() throws NotPlain {
    if (pos < end) {
      byte c = b[pos];
      if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw NotPlain.INSTANCE;
      }
    }
  }

  /** Moves past whitespace; small, so that C1 inlines it where, as in CloudTrail's files, there is none. */
  private void whitespace() {
    if (pos < end && b[pos] <= ' ') {
      spaces();
    }
  }

  private void spaces() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The token at {@code b[from, to)} as Jackson reads it. */
  private JsonNode jackson(int from, int to) throws NotPlain {
    try {
      return CloudTrailReader.mapper().readTree(b, from, to - from);
    } catch (IOException e) {
      throw NotPlain.INSTANCE;
    }
  }
}
