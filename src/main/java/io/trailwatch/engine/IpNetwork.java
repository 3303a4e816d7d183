package io.trailwatch.engine;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IP network (an address is a network of full prefix), read and compared as Python's
 * {@code ipaddress} does for Panther's filters. Rules kept:
 * <ul>
 *   <li>{@link #parse} takes an IPv4 or IPv6 literal with an optional {@code /prefix}; host bits may be
 *       set ({@code ip_network(value, strict=False)}); IPv4 octets have no leading zeros; nothing is
 *       ever looked up in DNS; anything else is not a network ({@code null});</li>
 *   <li>an IPv4 and an IPv6 network never overlap (so {@code ::ffff:10.0.0.1} is not in 10.0.0.0/8);</li>
 *   <li>{@link #isPrivate} and {@link #isGlobal} follow Python 3.13's tables (IANA special-purpose
 *       registries), an IPv4-mapped IPv6 address answering as its IPv4 address.</li>
 * </ul>
 */
record IpNetwork(byte[] address, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private static final List<IpNetwork> PRIVATE = networks("0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16",
      "172.16.0.0/12", "192.0.0.0/29", "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
      "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
      "::1/128", "::/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
      "2001:10::/28", "fc00::/7", "fe80::/10");
  private static final List<IpNetwork> NOT_PRIVATE = networks("192.0.0.9/32", "192.0.0.10/32",
      "2001:1::1/128", "2001:1::2/128", "2001:3::/32", "2001:4:112::/48", "2001:20::/28", "2001:30::/28");
  private static final IpNetwork SHARED = parse("100.64.0.0/10");

  /** The network {@code text} names, or null when it is not one. */
  static IpNetwork parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    byte[] address = address(host);
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(digits);
      if (prefix > bits) {
        return null;
      }
    }
    return new IpNetwork(address, prefix);
  }

  /** The bytes of an IPv4 (4) or IPv6 (16) literal, or null. */
  private static byte[] address(String host) {
    if (IPV4.matcher(host).matches()) {
      byte[] out = new byte[4];
      String[] octets = host.split("\\.");
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(octets[i]);
        if (octet > 255) {
          return null;
        }
        out[i] = (byte) octet;
      }
      return out;
    }
    if (host.indexOf(':') < 0 || !IPV6.matcher(host).matches()) {
      return null;
    }
    try {
      // a string of hex digits, ':' and '.' is parsed as a literal, never resolved
      InetAddress parsed = InetAddress.getByName(host);
      byte[] raw = parsed.getAddress();
      if (parsed instanceof Inet4Address) { // Java folds ::ffff:a.b.c.d into IPv4; Python keeps IPv6
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
      }
      return raw;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static List<IpNetwork> networks(String... cidrs) {
    return java.util.Arrays.stream(cidrs).map(IpNetwork::parse).toList();
  }

  /** Whether the two share an address (Python's {@code overlaps}); never across versions. */
  boolean overlaps(IpNetwork other) {
    if (address.length != other.address.length) {
      return false;
    }
    int common = Math.min(prefix, other.prefix);
    return masked(address, common).equals(masked(other.address, common));
  }

  private static BigInteger masked(byte[] address, int prefix) {
    return new BigInteger(1, address).shiftRight(address.length * 8 - prefix);
  }

  boolean isPrivate() {
    IpNetwork v4 = mappedIpv4();
    if (v4 != null) {
      return v4.isPrivate();
    }
    return PRIVATE.stream().anyMatch(n -> n.contains(this)) && NOT_PRIVATE.stream().noneMatch(n -> n.contains(this));
  }

  boolean isGlobal() {
    IpNetwork v4 = mappedIpv4();
    if (v4 != null) {
      return v4.isGlobal();
    }
    return !isPrivate() && !(address.length == 4 && SHARED.contains(this));
  }

  /** Whether {@code other}'s first address lies in this network. */
  private boolean contains(IpNetwork other) {
    return address.length == other.address.length && masked(address, prefix).equals(masked(other.address, prefix));
  }

  private IpNetwork mappedIpv4() {
    if (address.length != 16 || prefix != 128) {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return null;
      }
    }
    if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return null;
    }
    return new IpNetwork(java.util.Arrays.copyOfRange(address, 12, 16), 32);
  }

  /** Whether this is a single address (not a wider network). */
  boolean isAddress() {
    return prefix == address.length * 8;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && prefix == n.prefix && java.util.Arrays.equals(address, n.address);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(address) + prefix;
  }

  @Override
  public String toString() {
    return new BigInteger(1, address).toString(16) + "/" + prefix;
  }
}
