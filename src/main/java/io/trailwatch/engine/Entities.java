package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
public record Entities(Map<String, List<String>> values) {
  public static final List<String> KINDS = List.of(
      "actor_ids", "aws_account_ids", "aws_arns", "domain_names", "ip_addresses", "trace_ids", "usernames");

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  public Entities {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<String> list = values.get(kind);
      copy.put(kind, list == null ? List.of() : sortedUnique(list));
    }
    if (!copy.keySet().containsAll(values.keySet())) {
      throw new IllegalArgumentException("unknown entity kind in " + values.keySet() + "; known: " + KINDS);
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
  public List<String> get(String kind) {
    List<String> list = values.get(kind);
    if (list == null) {
      throw new IllegalArgumentException("unknown entity kind: " + kind);
    }
    return list;
  }

  /** Accumulates entities over several records; not thread-safe. */
  public static final class Builder {
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();

    public Builder() {
      KINDS.forEach(kind -> sets.put(kind, new HashSet<>()));
    }

    /** Adds the indicators of one CloudTrail record. */
    public Builder addRecord(JsonNode record) {
      JsonNode identity = Fields.get(record, "userIdentity");
      JsonNode issuer = Fields.get(identity, "sessionContext", "sessionIssuer");

      String principal = Fields.text(identity, "principalId");
      add("actor_ids", principal);
      if (principal != null && principal.indexOf(':') > 0) {
        add("actor_ids", principal.substring(0, principal.indexOf(':')));
      }
      add("actor_ids", Fields.text(issuer, "principalId"));

      add("aws_account_ids", Fields.text(record, "recipientAccountId"));
      add("aws_account_ids", Fields.text(identity, "accountId"));
      add("aws_account_ids", Fields.text(issuer, "accountId"));

      String arn = Fields.text(identity, "arn");
      add("aws_arns", arn);
      add("aws_arns", Fields.text(issuer, "arn"));
      add("usernames", assumedRoleSessionName(arn));

      JsonNode resources = Fields.get(record, "resources");
      if (resources != null && resources.isArray()) {
        for (JsonNode resource : resources) {
          add("aws_account_ids", Fields.text(resource, "accountId"));
          add("aws_arns", Fields.text(resource, "ARN"));
        }
      }

      String source = Fields.text(record, "sourceIPAddress");
      if (source != null) {
        if (isIpAddress(source)) {
          add("ip_addresses", source);
        } else if (HOST_NAME.matcher(source).matches()) {
          add("domain_names", source.toLowerCase(java.util.Locale.ROOT));
        }
      }

      add("trace_ids", Fields.text(identity, "accessKeyId"));
      add("usernames", Fields.text(identity, "userName"));
      add("usernames", Fields.text(issuer, "userName"));
      return this;
    }

    /** Adds every value of {@code other}. */
    public Builder addAll(Entities other) {
      other.values().forEach((kind, list) -> sets.get(kind).addAll(list));
      return this;
    }

    public Entities build() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      sets.forEach((kind, set) -> out.put(kind, List.copyOf(set))); // sorted by the constructor
      return new Entities(out);
    }

    private void add(String kind, String value) {
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
