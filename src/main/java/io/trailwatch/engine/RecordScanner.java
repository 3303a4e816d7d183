package io.trailwatch.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A byte-level pass over a CloudTrail log that finds its records and which of them may match the
 * rule, without tokenizing what the rule cannot use: records are handed on as byte ranges only when
 * they are candidates, to be parsed fully.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>shapes: {@code {"Records": [...]}} (Records the first key), a top-level array of records, and
 *       JSON Lines (record objects one after another); a root object whose first key is not
 *       {@code Records} is a record;</li>
 *   <li>a record is a candidate when, at its top level, a key equal to {@code userIdentity} ignoring
 *       ASCII case holds an object whose key equal to {@code accessKeyId} ignoring case holds a string
 *       starting with {@code AKIA}, or any value other than {@code null} (UserAccessKeyAuth), or when a
 *       top-level key equal to {@code eventName} ignoring ASCII case holds the string
 *       {@code CreateAccessKey} (Backdoor.User.Keys). Keys with escapes or non-ASCII bytes make the
 *       record a candidate: the decision errs only towards parsing, so the exact rules, run on the
 *       parsed record, decide;</li>
 *   <li>structure is checked everywhere (brackets match, strings end, literals are JSON literals,
 *       nesting at most {@value #MAX_DEPTH}); the full grammar and UTF-8 only in candidates, which are
 *       parsed; two levels or more below a record nothing is decided, so a container there is only
 *       checked, by a loop without the bookkeeping of records and keys;</li>
 *   <li>a candidate is offered to the sink as soon as it is known to be one ({@link Sink#take}): a sink
 *       that takes it reads it whole, so its bytes after that point are read once, not scanned and then
 *       read again;</li>
 *   <li>memory: one buffer holding at most the current record (up to {@code maxRecordBytes}) plus a
 *       read chunk; a longer candidate is reported as unevaluated;</li>
 *   <li>no string may be longer than {@value #MAX_STRING} bytes (Jackson's limit): a longer one makes
 *       the input malformed, so a decompression bomb of one huge string stops early.</li>
 * </ul>
 */
final class RecordScanner {
  /** Receives candidate records as byte ranges of a buffer that is reused afterwards. */
  interface Sink {
    void candidate(byte[] bytes, int offset, int length, long position) throws IOException;

    /**
     * Offers a candidate as soon as it is known to be one, before the scanner has read the rest of it, so
     * that its bytes are read once, not twice: the sink may read the record from {@code bytes[offset]} (its
     * '{') within {@code bytes[offset, limit)} and take it, returning its length, or decline with -1. A
     * record taken must be valid JSON (so the scanner would have found it whole, ending at the same byte);
     * it is counted as a record, handed to no other method, and the scan goes on after it. A record declined
     * is scanned on and handed to {@link #candidate} or {@link #unevaluated} as any other.
     */
    int take(byte[] bytes, int offset, int limit, long position) throws IOException;

    /** A candidate that cannot be evaluated (too large); {@code why} names its position. */
    void unevaluated(String why);
  }

  static final int MAX_DEPTH = 1000;
  static final int MAX_STRING = 20_000_000;
  private static final int CHUNK = 1 << 16;
  /** Longer strings are decided early: no key of interest is this long, and AKIA is in the first bytes. */
  private static final int SHORT = 128;
  private static final byte[] RECORDS = "Records".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] USER_IDENTITY = "useridentity".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] ACCESS_KEY_ID = "accesskeyid".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] EVENT_NAME = "eventname".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] CREATE_ACCESS_KEY = "CreateAccessKey".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private enum Role { NONE, ROOT_KEY, RECORD_KEY, IDENTITY_KEY, KEY_VALUE, EVENT_NAME_VALUE }

  private final InputStream in;
  private final int maxRecordBytes;
  private final Sink sink;

  private byte[] buf = new byte[4 * CHUNK];
  private int pos;
  private int limit;
  private long base;
  private boolean eof;

  private final byte[] stack = new byte[MAX_DEPTH + 1];
  private int depth;
  private boolean expectKey;

  private boolean rootPending;     // a root object whose first key is not seen yet
  private boolean recordsValueNext; // its first key was "Records": an array must follow
  private int recordsDepth = -1;   // depth inside the array whose object elements are records
  private boolean inRecord;
  private int recStart = -1;       // buf index of the current record's '{' (while not overflowed)
  private int recDepth;            // depth inside the current record
  private boolean candidate;
  private boolean offered;         // the current record was offered to the sink to take
  private boolean overflowed;
  private boolean identityNext;    // the last record-level key was userIdentity
  private int identityDepth = -1;  // depth inside the current userIdentity object
  private boolean keyValueNext;    // the last identity key was accessKeyId
  private boolean eventNameNext;   // the last record-level key was eventName

  private int mark = -1;           // buf index of a key, accessKeyId or literal being read: kept in buf
  private Role role = Role.NONE;
  private boolean nonAscii;        // the string being decided on has a byte that is not ASCII

  long records;
  /**
   * Records with a top-level eventName key (any case): what makes a file CloudTrail at all; of the records
   * the scanner read to their end (the sink counts those it took).
   */
  long cloudTrailRecords;
  long nonObjects;
  private boolean trailRecord;     // the current record has an eventName key

  RecordScanner(InputStream in, int maxRecordBytes, Sink sink) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
    this.sink = sink;
  }

  void scan() throws IOException {
    while (true) {
      if (pos >= limit && !fill()) {
        break;
      }
      byte c = buf[pos];
      switch (c) {
        case ' ', '\n', '\r', '\t' -> pos++;
        case '{' -> open(c);
        case '[' -> open(c);
        case '}', ']' -> close(c);
        case ':' -> {
          expectKey = false;
          pos++;
        }
        case ',' -> {
          expectKey = depth > 0 && stack[depth] == '{';
          pos++;
        }
        case '"' -> string();
        default -> literal();
      }
    }
    if (depth > 0) {
      throw malformed("unexpected end of input inside " + (depth > 0 && stack[depth] == '[' ? "an array" : "an object"));
    }
  }

  /** A value starts at the current depth; {@code object} when it is '{' (or the root array). */
  private void valueStarts(boolean object) throws IOException {
    if (recordsValueNext) {
      throw malformed("Records is not an array");
    }
    if (!object && (depth == 0 || depth == recordsDepth && stack[depth] == '[')) {
      nonObjects++;
    }
    if (keyValueNext && depth == identityDepth) {
      keyValueNext = false;
      candidate = true; // an object or array as accessKeyId: the rule reports it
    }
    eventNameNext = false;
  }

  private void open(byte c) throws IOException {
    if (recordsValueNext && c == '[' && depth == 1) {
      recordsValueNext = false;
      inRecord = false; // the root object is the wrapper, not a record
      recordsDepth = 2;
    } else {
      valueStarts(c == '{' || depth == 0);
    }
    boolean startsRecord = c == '{' && (depth == 0 || depth == recordsDepth && stack[depth] == '[');
    boolean startsIdentity = c == '{' && identityNext && inRecord && depth == recDepth;
    if (depth == MAX_DEPTH) {
      throw malformed("nesting depth exceeds " + MAX_DEPTH);
    }
    stack[++depth] = c;
    expectKey = c == '{';
    if (c == '[' && depth == 1) {
      recordsDepth = 1;
    }
    if (startsRecord) {
      inRecord = true;
      recStart = pos;
      recDepth = depth;
      candidate = false;
      offered = false;
      overflowed = false;
      identityDepth = -1;
      identityNext = false;
      keyValueNext = false;
      eventNameNext = false;
      trailRecord = false;
      rootPending = depth == 1;
      if (!rootPending) {
        records++;
      }
    } else if (startsIdentity) {
      identityDepth = depth;
    }
    pos++;
    if (inRecord && depth >= recDepth + 2 && (offered || !candidate)) {
      skipNested();
    }
  }

  private void close(byte c) throws IOException {
    byte expected = c == '}' ? (byte) '{' : (byte) '[';
    if (depth == 0 || stack[depth] != expected) {
      throw malformed("unexpected '" + (char) c + "'");
    }
    if (recordsValueNext) {
      throw malformed("Records is not an array");
    }
    if (depth == identityDepth) {
      identityDepth = -1;
      keyValueNext = false;
    }
    if (depth == recordsDepth && c == ']') {
      recordsDepth = -1;
    }
    depth--;
    expectKey = false;
    pos++;
    if (inRecord && depth == recDepth - 1) {
      if (rootPending) { // "{}" or a root object with no key: a record
        rootPending = false;
        records++;
      }
      endRecord();
    }
  }

  private void endRecord() throws IOException {
    if (trailRecord) {
      cloudTrailRecords++;
    }
    if (candidate) {
      if (overflowed || pos - recStart > maxRecordBytes) {
        sink.unevaluated("record at byte " + (base + pos) + " is larger than " + maxRecordBytes + " bytes");
      } else {
        sink.candidate(buf, recStart, pos - recStart, base + recStart);
      }
    }
    inRecord = false;
  }

  private void string() throws IOException {
    role = Role.NONE;
    if (expectKey) {
      if (rootPending && depth == 1) {
        role = Role.ROOT_KEY;
      } else if (inRecord && depth == recDepth) {
        role = Role.RECORD_KEY;
      } else if (depth == identityDepth) {
        role = Role.IDENTITY_KEY;
      }
    } else {
      boolean keyValue = keyValueNext && depth == identityDepth;
      boolean eventName = eventNameNext && inRecord && depth == recDepth;
      keyValueNext = false;
      valueStarts(false);
      if (keyValue) {
        role = Role.KEY_VALUE;
      } else if (eventName) {
        role = Role.EVENT_NAME_VALUE;
      }
    }
    pos++;
    long start = base + pos; // absolute: buffer compaction does not move it
    if (role == Role.NONE || !decidedString(start)) {
      restOfString(start);
    }
    mark = -1;
    role = Role.NONE;
    pos++;
    if (candidate && !offered && inRecord) {
      offer();
    }
  }

  /**
   * Reads a string decided on (a key or accessKeyId, short) from {@link #pos} to its closing quote, noting
   * whether it is all ASCII, and decides it: true. False when it grows past {@value #SHORT} bytes first:
   * then it is decided as cut, and the caller reads the rest.
   */
  private boolean decidedString(long start) throws IOException {
    mark = pos;
    boolean escaped = false;
    int seen = 0; // its bytes or-ed: negative when one is not ASCII
    while (true) {
      // restOfString's loop, also or-ing the bytes: one loop for both, or a helper both call, made the
      // scan 5-9% slower under C1 (docs/PERFORMANCE.md, sixth stop)
      byte[] b = buf;
      int i = pos;
      int end = limit;
      byte c = 0;
      while (i < end && (c = b[i]) != '"' && c != '\\') {
        seen |= c;
        i++;
      }
      pos = i;
      if (pos - mark > SHORT) {
        decide(mark, pos, true);
        mark = -1;
        return false;
      }
      if (i == end) {
        refillInString(start);
        continue;
      }
      if (c == '"') {
        nonAscii = seen < 0;
        decide(mark, pos, escaped);
        return true;
      }
      escaped = true; // a backslash: skip it and the byte it escapes
      skipEscape();
    }
  }

  /** Moves from {@link #pos} to the closing quote of a string whose content starts at {@code start}. */
  private void restOfString(long start) throws IOException {
    while (true) {
      // the hot loop: most bytes of a log are inside strings
      byte[] b = buf;
      int i = pos;
      int end = limit;
      byte c = 0;
      while (i < end && (c = b[i]) != '"' && c != '\\') {
        i++;
      }
      pos = i;
      if (i == end) {
        refillInString(start);
        continue;
      }
      if (c == '"') {
        return;
      }
      skipEscape();
    }
  }

  private void refillInString(long start) throws IOException {
    if (!fill()) {
      throw malformed("unexpected end of input inside a string");
    }
    if (base + pos - start > MAX_STRING) {
      throw malformed("a string longer than " + MAX_STRING + " bytes");
    }
  }

  /** Moves past the backslash at {@link #pos} and the byte it escapes. */
  private void skipEscape() throws IOException {
    pos++;
    if (pos >= limit && !fill()) {
      throw malformed("unexpected end of input inside a string");
    }
    pos++;
  }

  /**
   * Reads the container just opened below a record's values (two levels or more under the record) through
   * its close. Nothing in it is decided on, so it is only checked as {@link #scan} checks everything
   * (brackets, strings, literals, depth), without the bookkeeping of records and keys. At the end of the
   * input it returns, and the scan reports the unclosed container.
   */
  private void skipNested() throws IOException {
    int outside = depth - 1;
    while (depth > outside) {
      if (pos >= limit && !fill()) {
        return;
      }
      byte c = buf[pos];
      switch (c) {
        case ' ', '\n', '\r', '\t', ':', ',' -> pos++;
        case '{', '[' -> {
          if (depth == MAX_DEPTH) {
            throw malformed("nesting depth exceeds " + MAX_DEPTH);
          }
          stack[++depth] = c;
          pos++;
        }
        case '}', ']' -> {
          if (stack[depth] != (c == '}' ? (byte) '{' : (byte) '[')) {
            throw malformed("unexpected '" + (char) c + "'");
          }
          depth--;
          pos++;
        }
        case '"' -> {
          pos++;
          restOfString(base + pos);
          pos++;
        }
        default -> literal();
      }
    }
    expectKey = false;
  }

  /**
   * Offers the current record, once, to the sink to take whole (what lies of it in the buffer, up to the
   * size a candidate may have and the longest string allowed); when taken, the scan goes on after it, in
   * the state its closing brace would have left.
   */
  private void offer() throws IOException {
    offered = true;
    if (overflowed) {
      return;
    }
    int most = (int) Math.min(limit, (long) recStart + Math.min(maxRecordBytes, MAX_STRING));
    int length = sink.take(buf, recStart, most, base + recStart);
    if (length < 0) {
      return;
    }
    pos = recStart + length;
    depth = recDepth - 1;
    identityDepth = -1;
    identityNext = false;
    keyValueNext = false;
    eventNameNext = false;
    expectKey = false;
    inRecord = false;
  }

  /**
   * Decides what a key or accessKeyId string at buf[from, to) means; {@code odd}: escaped or cut (then
   * {@link #nonAscii} is not read).
   */
  private void decide(int from, int to, boolean odd) throws IOException {
    switch (role) {
      case ROOT_KEY -> {
        rootPending = false;
        if (!odd && equals(from, to, RECORDS)) {
          recordsValueNext = true;
        } else {
          records++; // JSON Lines: this root object is a record
          recordKey(from, to, odd);
        }
      }
      case RECORD_KEY -> recordKey(from, to, odd);
      case IDENTITY_KEY -> {
        if (odd || nonAscii && mayBeVariantLength(to - from, ACCESS_KEY_ID)) {
          candidate = true;
        }
        keyValueNext = equalsIgnoringAsciiCase(from, to, ACCESS_KEY_ID);
      }
      case KEY_VALUE -> {
        if (odd || to - from >= 4 && buf[from] == 'A' && buf[from + 1] == 'K' && buf[from + 2] == 'I'
            && buf[from + 3] == 'A') {
          candidate = true;
        }
      }
      case EVENT_NAME_VALUE -> {
        if (odd || equals(from, to, CREATE_ACCESS_KEY)) {
          candidate = true;
        }
      }
      case NONE -> { }
    }
  }

  private void recordKey(int from, int to, boolean odd) {
    int length = to - from;
    if (odd || nonAscii && (mayBeVariantLength(length, USER_IDENTITY) || mayBeVariantLength(length, EVENT_NAME))) {
      candidate = true;
    }
    identityNext = equalsIgnoringAsciiCase(from, to, USER_IDENTITY);
    eventNameNext = equalsIgnoringAsciiCase(from, to, EVENT_NAME);
    trailRecord |= eventNameNext;
  }

  private void literal() throws IOException {
    boolean keyValue = keyValueNext && depth == identityDepth;
    keyValueNext = false;
    if (keyValue && buf[pos] != 'n') {
      candidate = true; // a number or boolean accessKeyId: the rule reports it
    }
    valueStarts(false);
    mark = pos;
    while (pos < limit || fill()) {
      byte b = buf[pos];
      if (b == ',' || b == '}' || b == ']' || b == ':' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        break;
      }
      pos++;
      if (pos - mark > 1100) {
        throw malformed("invalid literal");
      }
    }
    checkLiteral(mark, pos);
    mark = -1;
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] NAN = {'N', 'a', 'N'};
  private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
  private static final byte[] PLUS_INFINITY = {'+', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

  private void checkLiteral(int from, int to) throws MalformedLogException {
    boolean ok = switch (buf[from]) {
      case 't' -> equals(from, to, TRUE);
      case 'f' -> equals(from, to, FALSE);
      case 'n' -> equals(from, to, NULL);
      case 'N' -> equals(from, to, NAN);
      case 'I' -> equals(from, to, INFINITY);
      case '+' -> equals(from, to, PLUS_INFINITY);
      default -> isNumber(from, to);
    };
    if (!ok) {
      String text = new String(buf, from, Math.min(to - from, 40), java.nio.charset.StandardCharsets.ISO_8859_1);
      pos = from; // report where the token starts
      throw malformed("invalid token '" + text + "'");
    }
  }

  private boolean isNumber(int from, int to) {
    if (to - from == 9 && buf[from] == '-' && buf[from + 1] == 'I') {
      return true; // -Infinity
    }
    for (int i = from; i < to; i++) {
      byte b = buf[i];
      if (!(b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E')) {
        return false;
      }
    }
    return to > from;
  }

  /**
   * Reads more bytes, first dropping what no longer needs keeping: indices into buf shift, so all
   * of them live in fields ({@link #pos}, {@link #mark}, {@link #recStart}). False at the end.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (limit == buf.length) {
      compact();
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  private void compact() {
    int keep = pos;
    if (mark >= 0) {
      keep = Math.min(keep, mark);
    }
    boolean keepRecord = inRecord && !overflowed;
    if (keepRecord) {
      if (limit - recStart > maxRecordBytes) {
        keepRecord = false;
        overflowed = true;
      } else {
        keep = Math.min(keep, recStart);
      }
    }
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, limit - keep);
      limit -= keep;
      pos -= keep;
      base += keep;
      mark = mark >= 0 ? mark - keep : mark;
      recStart = keepRecord ? recStart - keep : -1;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
  }

  private boolean equals(int from, int to, byte[] word) {
    return Arrays.equals(buf, from, to, word, 0, word.length);
  }

  private boolean equalsIgnoringAsciiCase(int from, int to, byte[] lowerWord) {
    return to - from == lowerWord.length && startsIgnoringAsciiCase(buf, from, lowerWord);
  }

  /** Whether {@code bytes} from {@code from} begin with {@code lowerWord} (lower-case ASCII), ignoring ASCII case. */
  static boolean startsIgnoringAsciiCase(byte[] bytes, int from, byte[] lowerWord) {
    for (int i = 0; i < lowerWord.length; i++) {
      if (lowerAscii(bytes[from + i]) != lowerWord[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code b} with an ASCII capital letter made lower-case; any other byte as it is. */
  static int lowerAscii(int b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /** Whether a key of {@code length} bytes with non-ASCII bytes may equal {@code word} ignoring case. */
  private static boolean mayBeVariantLength(int length, byte[] word) {
    return length > word.length && length <= 3 * word.length;
  }

  private MalformedLogException malformed(String reason) {
    return new MalformedLogException("invalid JSON at byte " + (base + pos) + ": " + reason);
  }
}
