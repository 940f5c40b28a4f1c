package org.stackbox.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address in its canonical text (RFC 5952: lower case, no leading zeros, the longest run of two or more zero
 * groups as {@code ::}), as Nova keeps an access address: {@code 0000:0000:0000:0000:0000:babe:220.12.22.2} is
 * {@code ::babe:dc0c:1602}.
 */
public final class Ipv6Text {
    private Ipv6Text() {}

    /** The canonical text of an address already checked as IPv6 by the request's schema. */
    public static String canonical(String address) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IPv6 address: " + address, e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("Not an IPv6 address: " + address);
        }
        int[] groups = new int[8];
        for (int index = 0; index < 8; index++) {
            groups[index] = ((bytes[2 * index] & 0xff) << 8) | (bytes[2 * index + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < 8; index++) {
            if (index == bestStart) {
                text.append("::");
                index += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[index]));
        }
        return text.toString();
    }
}
