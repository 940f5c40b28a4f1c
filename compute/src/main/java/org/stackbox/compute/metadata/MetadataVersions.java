package org.stackbox.compute.metadata;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The versions of the EC2 and OpenStack metadata Nova serves, oldest first, and what each added. */
final class MetadataVersions {
    static final List<String> EC2 = List.of("1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
            "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04");
    /** The EC2 versions Nova writes to a config drive (its {@code config_drive_skip_versions} skips the others). */
    static final List<String> EC2_ON_CONFIG_DRIVE = List.of("2009-04-04", "latest");

    static final String FOLSOM = "2012-08-10";
    static final String GRIZZLY = "2013-04-04";
    static final String HAVANA = "2013-10-17";
    static final String LIBERTY = "2015-10-15";
    static final String NEWTON_ONE = "2016-06-30";
    static final String NEWTON_TWO = "2016-10-06";
    static final String OCATA = "2017-02-22";
    static final String ROCKY = "2018-08-27";
    static final String VICTORIA = "2020-10-14";
    static final String EPOXY = "2025-04-04";
    static final List<String> OPENSTACK = List.of(FOLSOM, GRIZZLY, HAVANA, LIBERTY, NEWTON_ONE, NEWTON_TWO, OCATA,
            ROCKY, VICTORIA, EPOXY);
    static final String LATEST = "latest";

    private MetadataVersions() {}

    /** The OpenStack version a request names, {@code latest} being the newest; null if there is no such version. */
    static String openStack(String requested) {
        if (LATEST.equals(requested)) {
            return OPENSTACK.get(OPENSTACK.size() - 1);
        }
        return OPENSTACK.contains(requested) ? requested : null;
    }

    static String ec2(String requested) {
        if (LATEST.equals(requested)) {
            return EC2.get(EC2.size() - 1);
        }
        return EC2.contains(requested) ? requested : null;
    }

    /** Whether the (resolved) OpenStack version {@code version} is {@code required} or newer. */
    static boolean openStackAtLeast(String version, String required) {
        return OPENSTACK.indexOf(version) >= OPENSTACK.indexOf(required);
    }

    static boolean ec2AtLeast(String version, String required) {
        return EC2.indexOf(version) >= EC2.indexOf(required);
    }

    /** The listing of {@code /openstack}: the versions released by {@code today}, then {@code latest}. */
    static List<String> openStackListing(LocalDate today) {
        List<String> versions = new ArrayList<>();
        for (String version : OPENSTACK) {
            if (version.compareTo(today.toString()) <= 0) {
                versions.add(version);
            }
        }
        versions.add(LATEST);
        return versions;
    }
}
