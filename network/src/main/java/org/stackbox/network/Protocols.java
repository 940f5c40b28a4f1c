package org.stackbox.network;

import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IP protocols a security group rule may name, as neutron-lib's {@code IP_PROTOCOL_MAP}: a name, or a number
 * 0-255; {@code any} or nothing means every protocol.
 */
public final class Protocols {
    /** Neutron's map, in its order (the order its error message lists them in). */
    static final Map<String, Integer> NUMBERS = numbers();
    /** The protocols whose rules may give ports (by number); other protocols' rules may not. */
    static final Set<Integer> WITH_PORTS = Set.of(33, 132, 6, 17, 136);
    static final int ICMP = 1;
    static final int IPV6_ICMP = 58;
    /** Protocols only IPv6 has: a rule for IPv4 may not name them. */
    static final Set<String> IPV6_ONLY = Set.of("ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6", "ipv6-nonxt",
            "ipv6-opts", "ipv6-route", "41", "44", "58", "59", "60", "43");

    private Protocols() {}

    /** neutron's convert_protocol: empty for any protocol, a known name in lower case, or a number 0-255 as text. */
    public static Optional<String> convert(String value) {
        if (value == null || value.equals("any")) {
            return Optional.empty();
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 0 && number <= 255) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            if (NUMBERS.containsKey(lower)) {
                return Optional.of(lower);
            }
        }
        throw new NeutronException(NeutronFault.SECURITY_GROUP_RULE_INVALID_PROTOCOL, ("Security group rule protocol "
                + "%s not supported. Only protocol values %s and integer representations [0 to 255] are supported.")
                .formatted(value, supported()));
    }

    /** The protocol's number: {@code tcp} is 6, {@code "17"} is 17. */
    public static int number(String protocol) {
        Integer known = NUMBERS.get(protocol);
        return known != null ? known : Integer.parseInt(protocol.strip());
    }

    /** The Python tuple Neutron prints: {@code (None, 'any', 'ah', ...)}. */
    private static String supported() {
        StringBuilder text = new StringBuilder("(None, 'any'");
        NUMBERS.keySet().forEach(name -> text.append(", '").append(name).append('\''));
        return text.append(')').toString();
    }

    private static Map<String, Integer> numbers() {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        numbers.put("ah", 51);
        numbers.put("dccp", 33);
        numbers.put("egp", 8);
        numbers.put("esp", 50);
        numbers.put("gre", 47);
        numbers.put("hopopt", 0);
        numbers.put("icmp", 1);
        numbers.put("igmp", 2);
        numbers.put("ip", 0);
        numbers.put("ipip", 4);
        numbers.put("ipv6-encap", 41);
        numbers.put("ipv6-frag", 44);
        numbers.put("ipv6-icmp", 58);
        numbers.put("icmpv6", 58);
        numbers.put("ipv6-nonxt", 59);
        numbers.put("ipv6-opts", 60);
        numbers.put("ipv6-route", 43);
        numbers.put("ospf", 89);
        numbers.put("pgm", 113);
        numbers.put("rsvp", 46);
        numbers.put("sctp", 132);
        numbers.put("tcp", 6);
        numbers.put("udp", 17);
        numbers.put("udplite", 136);
        numbers.put("vrrp", 112);
        return java.util.Collections.unmodifiableMap(numbers);
    }
}
