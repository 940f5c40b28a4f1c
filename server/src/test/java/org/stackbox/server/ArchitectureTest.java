package org.stackbox.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries docs/ARCHITECTURE.md draws, checked on the sources of every module: HTTP stays at the edge, compute
 * sees the other services only through their spi, and the QEMU driver and compute never meet.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<artifactId>(stackbox-[\\w-]+)</artifactId>(?:<type>[\\w-]+</type>)?(?:<scope>(\\w+)</scope>)?");

    /** The modules whose whole purpose is HTTP: the API server itself and the console proxy's websockets. */
    private static final Set<String> HTTP_MODULES = Set.of("api", "console");
    /** The composition root wires the API server like everything else. */
    private static final Set<String> ROOT_MODULES = Set.of("server", "it");
    private static final List<String> HTTP_PACKAGES = List.of("io.javalin.", "org.eclipse.jetty.", "org.stackbox.api.");

    @Test
    void onlyTheHttpLayerSeesHttp() {
        List<String> violations = new ArrayList<>();
        for (SourceFile file : mainSources()) {
            if (HTTP_MODULES.contains(file.module()) || ROOT_MODULES.contains(file.module()) || file.inHttpPackage()) {
                continue;
            }
            file.imports().stream().filter(name -> HTTP_PACKAGES.stream().anyMatch(name::startsWith))
                    .forEach(name -> violations.add(file + " imports " + name));
        }
        assertThat(violations).as("classes below the HTTP layer that see it").isEmpty();
    }

    @Test
    void computeSeesTheOtherServicesOnlyThroughTheirSpi() {
        List<String> violations = new ArrayList<>();
        for (SourceFile file : mainSources()) {
            if (!file.module().equals("compute")) {
                continue;
            }
            for (String name : file.imports()) {
                boolean otherService = Stream.of("image", "volume", "network")
                        .anyMatch(service -> name.startsWith("org.stackbox." + service + "."));
                boolean spi = Stream.of("image", "volume", "network")
                        .anyMatch(service -> name.startsWith("org.stackbox." + service + ".spi."));
                if (otherService && !spi) {
                    violations.add(file + " imports " + name);
                }
            }
        }
        assertThat(violations).as("compute classes that reach past an spi").isEmpty();
        assertThat(compileDependencies("compute")).as("compute's compile-time dependencies")
                .doesNotContain("stackbox-image", "stackbox-volume", "stackbox-network", "stackbox-virt-qemu")
                .contains("stackbox-image-spi", "stackbox-volume-spi", "stackbox-network-spi");
    }

    @Test
    void anSpiDependsOnNothingButCommon() {
        for (String spi : List.of("image-spi", "volume-spi", "network-spi")) {
            assertThat(compileDependencies(spi)).as(spi).containsExactly("stackbox-common");
        }
    }

    @Test
    void thePolicyEngineDependsOnNothingButCommon() {
        assertThat(compileDependencies("policy")).as("policy").contains("stackbox-common")
                .noneMatch(dependency -> dependency.startsWith("stackbox-") && !dependency.equals("stackbox-common"));
    }

    @Test
    void computeAndTheQemuDriverNeverMeet() {
        List<String> violations = new ArrayList<>();
        for (SourceFile file : mainSources()) {
            String forbidden = switch (file.module()) {
                case "compute" -> "org.stackbox.virt.qemu.";
                case "virt", "virt-qemu" -> "org.stackbox.compute.";
                default -> null;
            };
            if (forbidden != null) {
                file.imports().stream().filter(name -> name.startsWith(forbidden))
                        .forEach(name -> violations.add(file + " imports " + name));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheHttpLayerThrowsApiErrors() {
        List<String> violations = new ArrayList<>();
        for (SourceFile file : mainSources()) {
            if (HTTP_MODULES.contains(file.module()) || file.inHttpPackage()) {
                continue;
            }
            if (file.text().contains("ApiException") || file.text().contains("HttpFault")) {
                violations.add(file.toString());
            }
        }
        assertThat(violations).as("classes below the HTTP layer that speak in HTTP errors").isEmpty();
    }

    @Test
    void theRulesSeeTheWholeTree() {
        assertThat(mainSources()).extracting(SourceFile::module)
                .contains("api", "common", "compute", "image", "image-spi", "network", "network-spi", "volume",
                        "volume-spi", "virt", "virt-qemu", "storage", "identity", "console", "server", "policy");
    }

    private record SourceFile(String module, Path path, String text) {
        boolean inHttpPackage() {
            return path.toString().contains("/http/");
        }

        List<String> imports() {
            List<String> names = new ArrayList<>();
            Matcher matcher = IMPORT.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        @Override
        public String toString() {
            return ROOT.relativize(path).toString();
        }
    }

    private static List<SourceFile> mainSources() {
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<SourceFile> files = new ArrayList<>();
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(sources)) {
                    for (Path path : walk.filter(file -> file.toString().endsWith(".java")).toList()) {
                        files.add(new SourceFile(module.getFileName().toString(), path, Files.readString(path)));
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Stackbox modules a module's main code compiles against (test-scoped ones left out). */
    private static List<String> compileDependencies(String module) {
        try {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            String dependencies = pom.substring(pom.indexOf("<dependencies>"));
            List<String> names = new ArrayList<>();
            Matcher matcher = DEPENDENCY.matcher(dependencies);
            while (matcher.find()) {
                if (!"test".equals(matcher.group(2))) {
                    names.add(matcher.group(1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
