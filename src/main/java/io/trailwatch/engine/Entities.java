package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Panther's indicators ({@code p_any_*}) of the records of one alert: for each kind, a sorted list of
 * unique strings. Every kind is always present (an empty list when nothing was seen), so consumers
 * get a stable schema; an alert keeps at most {@link #MAX_VALUES} of each kind (the first seen).
 *
 * <p>Sources, each read with {@link Fields} (case-insensitive keys, strings only):
 * <ul>
 *   <li>actor_ids: userIdentity.principalId, the part of it before ':' (the role id of an assumed
 *       role), userIdentity.sessionContext.sessionIssuer.principalId;</li>
 *   <li>aws_account_ids: recipientAccountId, userIdentity.accountId, sessionIssuer.accountId,
 *       resources[].accountId;</li>
 *   <li>aws_arns: userIdentity.arn, sessionIssuer.arn, resources[].ARN;</li>
 *   <li>ip_addresses / domain_names: sourceIPAddress, by whether it is an IP literal or a host name
 *       (values such as {@code AWS Internal} are neither);</li>
 *   <li>trace_ids: userIdentity.accessKeyId;</li>
 *   <li>usernames: userIdentity.userName, sessionIssuer.userName, the session name of an
 *       {@code assumed-role} ARN.</li>
 * </ul>
 */
public record Entities(Map<Kind, List<String>> values) {
  /** The kinds of indicator, in the order the alert lists them; {@link #key} is Panther's name. */
  public enum Kind {
    ACTOR_IDS, AWS_ACCOUNT_IDS, AWS_ARNS, DOMAIN_NAMES, IP_ADDRESSES, TRACE_IDS, USERNAMES;

    /** The name in the alert JSON ({@code actor_ids}, ...). */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The most values of one kind an alert keeps. */
  public static final int MAX_VALUES = 1_000;
  private static final Kind[] KINDS = Kind.values();
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  public Entities {
    if (!(values instanceof ByKind)) {
      List<String>[] lists = ByKind.empty();
      for (Kind kind : KINDS) {
        lists[kind.ordinal()] = values.get(kind);
      }
      values = ByKind.sorting(lists);
    }
  }

  /**
   * The values as the constructor keeps them: every kind, in {@link Kind} order, each list sorted, unique and
   * immutable; an array by the kind's ordinal. Made only here, so the constructor keeps one as it is.
   */
  private static final class ByKind extends AbstractMap<Kind, List<String>> {
    private final List<String>[] lists;

    private ByKind(List<String>[] lists) {
      this.lists = lists;
    }

    @SuppressWarnings("unchecked")
    static List<String>[] empty() {
      return (List<String>[]) new List<?>[KINDS.length];
    }

    /** The values of each kind ({@code lists} by ordinal, null for none), each sorted without repeats in place. */
    static ByKind sorting(List<String>[] lists) {
      for (int i = 0; i < lists.length; i++) {
        lists[i] = lists[i] == null ? List.of() : sortedUnique(lists[i]);
      }
      return new ByKind(lists);
    }

    @Override
    public List<String> get(Object key) {
      return key instanceof Kind kind ? lists[kind.ordinal()] : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof Kind;
    }

    @Override
    public int size() {
      return KINDS.length;
    }

    @Override
    public Set<Map.Entry<Kind, List<String>>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<Kind, List<String>>> iterator() {
          return IntStream.range(0, KINDS.length)
              .<Map.Entry<Kind, List<String>>>mapToObj(i -> Map.entry(KINDS[i], lists[i])).iterator();
        }

        @Override
        public int size() {
          return KINDS.length;
        }
      };
    }
  }

  /** {@code list} copied, sorted and without repeats (a sorted list costs one pass). */
  private static List<String> sortedUnique(List<String> list) {
    if (list.size() == 1) {
      list.get(0).hashCode(); // String caches its hash: computed where the entities are made, not where merged
      return List.copyOf(list); // the list itself when it is immutable already
    }
    String[] values = list.toArray(String[]::new);
    Arrays.sort(values);
    int unique = 0;
    for (String value : values) {
      if (unique == 0 || !value.equals(values[unique - 1])) {
        value.hashCode(); // String caches its hash: computed where the entities are made, not where merged
        values[unique++] = value;
      }
    }
    return List.of(Arrays.copyOf(values, unique));
  }

  /** The list of one kind (empty when none). */
  public List<String> get(Kind kind) {
    return values.get(kind);
  }

  /** The indicators of one CloudTrail record. */
  public static Entities of(JsonNode record) {
    JsonNode identity = Fields.get(record, "userIdentity");
    JsonNode issuer = Fields.get(identity, "sessionContext", "sessionIssuer");
    List<String>[] found = ByKind.empty();

    String principal = Fields.text(identity, "principalId");
    add(found, Kind.ACTOR_IDS, principal);
    if (principal != null && principal.indexOf(':') > 0) {
      add(found, Kind.ACTOR_IDS, principal.substring(0, principal.indexOf(':')));
    }
    add(found, Kind.ACTOR_IDS, Fields.text(issuer, "principalId"));

    add(found, Kind.AWS_ACCOUNT_IDS, Fields.text(record, "recipientAccountId"));
    add(found, Kind.AWS_ACCOUNT_IDS, Fields.text(identity, "accountId"));
    add(found, Kind.AWS_ACCOUNT_IDS, Fields.text(issuer, "accountId"));

    String arn = Fields.text(identity, "arn");
    add(found, Kind.AWS_ARNS, arn);
    add(found, Kind.AWS_ARNS, Fields.text(issuer, "arn"));
    add(found, Kind.USERNAMES, assumedRoleSessionName(arn));

    JsonNode resources = Fields.get(record, "resources");
    if (resources != null && resources.isArray()) {
      for (JsonNode resource : resources) {
        add(found, Kind.AWS_ACCOUNT_IDS, Fields.text(resource, "accountId"));
        add(found, Kind.AWS_ARNS, Fields.text(resource, "ARN"));
      }
    }

    String source = Fields.text(record, "sourceIPAddress");
    if (source != null) {
      if (isIpAddress(source)) {
        add(found, Kind.IP_ADDRESSES, source);
      } else if (isHostName(source)) {
        add(found, Kind.DOMAIN_NAMES, source.toLowerCase(java.util.Locale.ROOT));
      }
    }

    add(found, Kind.TRACE_IDS, Fields.text(identity, "accessKeyId"));
    add(found, Kind.USERNAMES, Fields.text(identity, "userName"));
    add(found, Kind.USERNAMES, Fields.text(issuer, "userName"));
    return new Entities(ByKind.sorting(found));
  }

  /**
   * Adds a value of {@code kind}: a list of one is immutable, and a list only when a second, different value
   * comes (a record's recipientAccountId is usually its userIdentity's accountId).
   */
  private static void add(List<String>[] found, Kind kind, String value) {
    if (value != null && !value.isEmpty()) {
      List<String> list = found[kind.ordinal()];
      if (list == null) {
        found[kind.ordinal()] = List.of(value);
      } else if (!(list.size() == 1 && list.get(0).equals(value))) {
        if (!(list instanceof ArrayList)) {
          found[kind.ordinal()] = list = new ArrayList<>(list);
        }
        list.add(value);
      }
    }
  }

  /**
   * Gathers the entities of several records (their union); not thread-safe. Memory is bounded: at most
   * {@link #MAX_VALUES} values of each kind are kept, later new ones are dropped.
   */
  public static final class Builder {
    /** Per kind (by ordinal), the values kept; null until one is. */
    private final StringCounts[] sets = new StringCounts[KINDS.length];
    /**
     * Per kind, the values added last: the records of one log that a window gathers repeat the very same
     * strings (the log's {@link TextCache}), which are then known to be in the set without a lookup.
     */
    private final List<String>[] lastAdded = ByKind.empty();
    /** The entities added last: a log's matches of one caller and address share theirs ({@link Memo}). */
    private Entities last;

    /** Adds every value of {@code other}. */
    public Builder addAll(Entities other) {
      if (other == last) {
        return this; // its values are in the sets, or were left out of a full one, as they would be again
      }
      last = other;
      for (Kind kind : KINDS) {
        List<String> list = other.values().get(kind);
        if (list.isEmpty() || sameStrings(list, lastAdded[kind.ordinal()])) {
          continue;
        }
        lastAdded[kind.ordinal()] = list;
        StringCounts set = sets[kind.ordinal()];
        if (set == null) {
          set = sets[kind.ordinal()] = StringCounts.set();
        }
        for (int i = 0; i < list.size(); i++) {
          if (set.size() < MAX_VALUES) {
            set.add(list.get(i));
          }
        }
      }
      return this;
    }

    /** Whether {@code a} holds the very same strings as {@code b}, in order. */
    private static boolean sameStrings(List<String> a, List<String> b) {
      if (b == null || a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) != b.get(i)) {
          return false;
        }
      }
      return true;
    }

    public Entities build() {
      List<String>[] lists = ByKind.empty();
      for (int i = 0; i < sets.length; i++) {
        lists[i] = sets[i] == null ? null : sets[i].values();
      }
      return new Entities(ByKind.sorting(lists));
    }
  }

  static boolean isIpAddress(String value) {
    if (isIpv4(value)) {
      return true;
    }
    if (value.indexOf(':') < 0 || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // A string with ':' is parsed as an IPv6 literal, never looked up in DNS.
      return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Four dot-separated numbers 0 to 255, each without a leading zero. */
  static boolean isIpv4(String value) {
    int parts = 0;
    int i = 0;
    int n = value.length();
    while (i < n) {
      int start = i;
      int number = 0;
      while (i < n && i - start < 4 && isDigit(value.charAt(i))) {
        number = number * 10 + value.charAt(i) - '0';
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || number > 255 || digits > 1 && value.charAt(start) == '0') {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (value.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == n) {
        return false;
      }
    }
    return parts == 4;
  }

  /**
   * A DNS host name of at least two labels: at most 253 characters; labels of 1 to 63 ASCII letters, digits
   * and '-', neither starting nor ending with '-'; the last label starting with a letter. (The pattern
   * {@code (?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?},
   * checked without a regex: it was a fifth of a match's cost where addresses are service names.)
   */
  static boolean isHostName(String value) {
    int n = value.length();
    if (n > 253) {
      return false;
    }
    int labels = 0;
    int start = 0;
    while (true) {
      int i = start;
      while (i < n && value.charAt(i) != '.') {
        if (!isLetterOrDigit(value.charAt(i)) && value.charAt(i) != '-') {
          return false;
        }
        i++;
      }
      int length = i - start;
      if (length == 0 || length > 63 || value.charAt(start) == '-' || value.charAt(i - 1) == '-') {
        return false;
      }
      labels++;
      if (i == n) {
        return labels >= 2 && !isDigit(value.charAt(start));
      }
      start = i + 1;
    }
  }

  private static boolean isLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String assumedRoleSessionName(String arn) {
    // arn:aws:sts::123456789012:assumed-role/RoleName/SessionName
    if (arn == null) {
      return null;
    }
    int marker = arn.indexOf(":assumed-role/");
    if (marker < 0) {
      return null;
    }
    int slash = arn.indexOf('/', marker + ":assumed-role/".length());
    return slash < 0 || slash == arn.length() - 1 ? null : arn.substring(slash + 1);
  }

  /**
   * The entities of one log's records, kept for the records that repeat what they are made of: the same
   * userIdentity tree (a targeted read shares one among the records that repeat its bytes), equal
   * recipientAccountId and sourceIPAddress, and no resources.
   *
   * <p>Rules kept: {@link #of} answers what {@link Entities#of} answers for the record (the identity tree
   * compared by reference, which trees never changed after their read make exact; the account and address
   * by value, since a log's value cache may hold a repeated value as another string); bounded: {@value #SLOTS}
   * slots, direct-mapped by the identity tree and the address, a miss replacing the slot. Not thread-safe: one
   * per log read.
   */
  static final class Memo {
    static final int SLOTS = 4096;
    private final int size;
    private Slot[] slots; // made at the first record, so a log without one costs nothing

    /** What one slot keeps: a match's inputs and its entities. */
    private record Slot(JsonNode identity, String recipient, String source, Entities entities) {}

    Memo() {
      this(SLOTS);
    }

    /** A memo of {@code slots} slots, a power of two (tests use one, where every record meets every other). */
    Memo(int slots) {
      if (Integer.bitCount(slots) != 1) {
        throw new IllegalArgumentException("slots must be a power of two: " + slots);
      }
      size = slots;
    }

    Entities of(JsonNode record) {
      JsonNode identity = Fields.get(record, "userIdentity");
      if (identity == null || Fields.get(record, "resources") != null) {
        return Entities.of(record);
      }
      String recipient = Fields.text(record, "recipientAccountId");
      String source = Fields.text(record, "sourceIPAddress");
      int hash = System.identityHashCode(identity) * 31 + (source == null ? 0 : source.hashCode());
      int index = (hash ^ hash >>> 16) & (size - 1);
      if (slots == null) {
        slots = new Slot[size];
      }
      Slot slot = slots[index];
      if (slot != null && slot.identity == identity && Objects.equals(slot.recipient, recipient)
          && Objects.equals(slot.source, source)) {
        return slot.entities;
      }
      Entities made = Entities.of(record);
      slots[index] = new Slot(identity, recipient, source, made);
      return made;
    }
  }
}
