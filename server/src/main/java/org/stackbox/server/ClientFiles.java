package org.stackbox.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code clouds.yaml} (entry {@code stackbox}) and {@code openrc} files that let the OpenStack clients talk to
 * this cloud. They are written, mode 0600, when the admin user is created; later starts only point them at the
 * current URL, since the password is not kept anywhere else.
 */
record ClientFiles(Path cloudsYaml, Path openrc) {
    private static final Pattern AUTH_URL_YAML = Pattern.compile("(?m)^(\\s*auth_url:\\s*).*$");
    private static final Pattern AUTH_URL_RC = Pattern.compile("(?m)^(export OS_AUTH_URL=).*$");

    static ClientFiles write(DataDirectory data, Cloud cloud, boolean linkIntoUserConfig) {
        ClientFiles files = new ClientFiles(data.root().resolve("clouds.yaml"), data.root().resolve("openrc"));
        String identityUrl = cloud.config().identityUrl();
        if (cloud.newAdminPassword().isPresent()) {
            String password = cloud.newAdminPassword().get();
            data.writePrivate("clouds.yaml", cloudsYaml(identityUrl, password));
            data.writePrivate("openrc", openrc(identityUrl, password));
        } else {
            repoint(data, "clouds.yaml", AUTH_URL_YAML, identityUrl);
            repoint(data, "openrc", AUTH_URL_RC, identityUrl);
        }
        if (linkIntoUserConfig) {
            linkUserCloudsYaml(files.cloudsYaml());
        }
        return files;
    }

    static String cloudsYaml(String identityUrl, String password) {
        return """
                clouds:
                  stackbox:
                    auth:
                      auth_url: %s
                      username: admin
                      password: "%s"
                      project_name: admin
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: RegionOne
                    interface: public
                    identity_api_version: 3
                """.formatted(identityUrl, password);
    }

    static String openrc(String identityUrl, String password) {
        return """
                # Stackbox admin credentials: source this file to use the OpenStack clients.
                export OS_AUTH_URL=%s
                export OS_AUTH_TYPE=password
                export OS_IDENTITY_API_VERSION=3
                export OS_USERNAME=admin
                export OS_PASSWORD='%s'
                export OS_PROJECT_NAME=admin
                export OS_USER_DOMAIN_NAME=Default
                export OS_PROJECT_DOMAIN_NAME=Default
                export OS_REGION_NAME=RegionOne
                export OS_INTERFACE=public
                """.formatted(identityUrl, password);
    }

    private static void repoint(DataDirectory data, String name, Pattern pattern, String identityUrl) {
        Path file = data.root().resolve(name);
        if (!Files.exists(file)) {
            return;
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String updated = pattern.matcher(content).replaceAll("$1" + Matcher.quoteReplacement(identityUrl));
            if (!updated.equals(content)) {
                data.writePrivate(name, updated);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** So that {@code openstack --os-cloud stackbox} works at once: link ~/.config/openstack/clouds.yaml if there is none. */
    private static void linkUserCloudsYaml(Path cloudsYaml) {
        Path userConfig = Path.of(System.getProperty("user.home"), ".config", "openstack", "clouds.yaml");
        try {
            if (!Files.exists(userConfig, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(userConfig.getParent());
                Files.createSymbolicLink(userConfig, cloudsYaml);
            }
        } catch (IOException e) {
            // Only a convenience: OS_CLIENT_CONFIG_FILE works without it.
        }
    }
}
