package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Panther's indicators ({@code p_any_*}) of the records of one alert: for each kind, a sorted list of
 * unique strings. Every kind is always present (an empty list when nothing was seen), so consumers
 * get a stable schema.
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

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  public Entities {
    Map<Kind, List<String>> copy = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      List<String> list = values.get(kind);
      copy.put(kind, list == null ? List.of() : sortedUnique(list));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** {@code list} copied, sorted and without repeats (a sorted list costs one pass). */
  private static List<String> sortedUnique(List<String> list) {
    String[] values = list.toArray(String[]::new);
    Arrays.sort(values);
    int unique = 0;
    for (String value : values) {
      if (unique == 0 || !value.equals(values[unique - 1])) {
        values[unique++] = value;
      }
    }
    return List.of(Arrays.copyOf(values, unique));
  }

  /** The list of one kind (empty when none). */
  public List<String> get(Kind kind) {
    return values.get(kind);
  }

  /** Accumulates entities over several records; not thread-safe. */
  public static final class Builder {
    private final Map<Kind, Set<String>> sets = new EnumMap<>(Kind.class);

    public Builder() {
      for (Kind kind : Kind.values()) {
        sets.put(kind, new HashSet<>());
      }
    }

    /** Adds the indicators of one CloudTrail record. */
    public Builder addRecord(JsonNode record) {
      JsonNode identity = Fields.get(record, "userIdentity");
      JsonNode issuer = Fields.get(identity, "sessionContext", "sessionIssuer");

      String principal = Fields.text(identity, "principalId");
      add(Kind.ACTOR_IDS, principal);
      if (principal != null && principal.indexOf(':') > 0) {
        add(Kind.ACTOR_IDS, principal.substring(0, principal.indexOf(':')));
      }
      add(Kind.ACTOR_IDS, Fields.text(issuer, "principalId"));

      add(Kind.AWS_ACCOUNT_IDS, Fields.text(record, "recipientAccountId"));
      add(Kind.AWS_ACCOUNT_IDS, Fields.text(identity, "accountId"));
      add(Kind.AWS_ACCOUNT_IDS, Fields.text(issuer, "accountId"));

      String arn = Fields.text(identity, "arn");
      add(Kind.AWS_ARNS, arn);
      add(Kind.AWS_ARNS, Fields.text(issuer, "arn"));
      add(Kind.USERNAMES, assumedRoleSessionName(arn));

      JsonNode resources = Fields.get(record, "resources");
      if (resources != null && resources.isArray()) {
        for (JsonNode resource : resources) {
          add(Kind.AWS_ACCOUNT_IDS, Fields.text(resource, "accountId"));
          add(Kind.AWS_ARNS, Fields.text(resource, "ARN"));
        }
      }

      String source = Fields.text(record, "sourceIPAddress");
      if (source != null) {
        if (isIpAddress(source)) {
          add(Kind.IP_ADDRESSES, source);
        } else if (HOST_NAME.matcher(source).matches()) {
          add(Kind.DOMAIN_NAMES, source.toLowerCase(java.util.Locale.ROOT));
        }
      }

      add(Kind.TRACE_IDS, Fields.text(identity, "accessKeyId"));
      add(Kind.USERNAMES, Fields.text(identity, "userName"));
      add(Kind.USERNAMES, Fields.text(issuer, "userName"));
      return this;
    }

    /** Adds every value of {@code other}. */
    public Builder addAll(Entities other) {
      other.values().forEach((kind, list) -> sets.get(kind).addAll(list));
      return this;
    }

    public Entities build() {
      Map<Kind, List<String>> out = new EnumMap<>(Kind.class);
      sets.forEach((kind, set) -> out.put(kind, List.copyOf(set))); // sorted by the constructor
      return new Entities(out);
    }

    private void add(Kind kind, String value) {
      if (value != null && !value.isEmpty()) {
        sets.get(kind).add(value);
      }
    }
  }

  static boolean isIpAddress(String value) {
    if (IPV4.matcher(value).matches()) {
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
}
