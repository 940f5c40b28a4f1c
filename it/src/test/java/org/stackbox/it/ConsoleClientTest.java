package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's console step, verbatim: {@code nova get-vnc-console SERVER novnc} prints a URL, and headless Chromium
 * opens exactly that URL, shows the guest's screen and types into it. The guest's boot sector echoes every key to
 * its serial port, which {@code openstack console log show} reads back. Around it: both forms of Nova's console API,
 * programs speaking RFB and serial through the proxy, several viewers at once, and the tokens it refuses. Console
 * tokens live {@value #TOKEN_SECONDS} seconds here, so that one test can watch one expire. The screenshots are test
 * artifacts.
 */
@Timeout(300)
class ConsoleClientTest {
    private static final String MARKER = "STACKBOX-CONSOLE-E2E";
    private static final int TOKEN_SECONDS = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NOVNC_PATH = "/console/vnc_lite.html?path=%3Ftoken%3D";

    @TempDir
    static Path work;
    private static StackboxProcess stackbox;
    private static Map<String, String> admin;
    private static Map<String, String> alice;
    private static String adminToken;
    private static String aliceToken;
    private static Path home;
    private static String serverId;
    private static String alicesServerId;
    private static ChromeDriver browser;

    @BeforeAll
    static void bootTwoServers() throws Exception {
        stackbox = StackboxProcess.start(work.resolve("data"), "--console-token-lifetime", "PT" + TOKEN_SECONDS + "S");
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
        adminToken = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        run(admin, "openstack", "project", "create", "demo").requireSuccess();
        run(admin, "openstack", "user", "create", "--password", "secret", "--project", "demo", "alice").requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "demo", "--user", "alice", "member").requireSuccess();
        alice = new HashMap<>(admin);
        alice.putAll(Map.of("OS_USERNAME", "alice", "OS_PASSWORD", "secret", "OS_PROJECT_NAME", "demo"));
        aliceToken = Http.token(stackbox.url() + "/identity", "alice", "secret", "demo");
        // The guest ignores the ACPI power button: a short clean-shutdown timeout keeps stops quick.
        String imageId = field(run(admin, "glance", "image-create", "--file",
                GuestDisks.keyEchoDisk(work, "key-echo.raw", MARKER).toString(), "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "public", "--property", "os_shutdown_timeout=1",
                "--name", "key-echo").requireSuccess().stdout(), "id");
        serverId = field(run(admin, "nova", "boot", "--flavor", "stackbox.nano", "--image", imageId, "console-test")
                .requireSuccess().stdout(), "id");
        alicesServerId = field(run(alice, "nova", "boot", "--flavor", "stackbox.nano", "--image", imageId,
                "alices-server").requireSuccess().stdout(), "id");
        awaitStatus(adminToken, serverId, "ACTIVE");
        awaitStatus(aliceToken, alicesServerId, "ACTIVE");
        awaitConsoleLog(MARKER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (stackbox != null) {
            if (serverId != null) {
                run(admin, "openstack", "server", "delete", "--wait", serverId);
            }
            if (alicesServerId != null) {
                run(alice, "openstack", "server", "delete", "--wait", alicesServerId);
            }
            stackbox.close();
        }
    }

    @Test
    void novaGetVncConsolesUrlShowsTheScreenAndTakesTheKeyboard() throws Exception {
        ChromeDriver browser = browser();
        String output = run(admin, "nova", "get-vnc-console", serverId, "novnc").requireSuccess().stdout();
        Matcher url = Pattern.compile("\\| novnc \\| (\\S+) +\\|").matcher(output);
        assertThat(url.find()).as(output).isTrue();
        assertThat(url.group(1)).startsWith(stackbox.url() + NOVNC_PATH);

        browser.get(url.group(1));
        await("the page connects", () -> Boolean.TRUE.equals(script(
                "return !!(window.stackboxConsole && window.stackboxConsole.connected())")));
        awaitScreen(MARKER, 0);
        assertThat(canvas().width()).isEqualTo(720);
        assertThat(canvas().height()).isEqualTo(400);
        assertThat(browser.getTitle()).isEqualTo("Console of server " + serverId);
        byte[] screenshot = browser.getScreenshotAs(OutputType.BYTES);
        save("console-e2e-connected.png", screenshot);
        assertThat(GuestScreen.of(screenshot).litPixels()).as("the screenshot is not blank").isGreaterThan(500);

        new Actions(browser).click(browser.findElement(By.cssSelector("#screen canvas"))).sendKeys("hello42").perform();
        awaitConsoleLog("hello42");
        awaitScreen("hello42", MARKER.length() + 2);
        save("console-e2e-typed.png", browser.getScreenshotAs(OutputType.BYTES));
        save("console-e2e-framebuffer.png", framebufferPng());

        assertThat(run(admin, "openstack", "console", "url", "show", serverId).requireSuccess().stdout())
                .as("os-getVNCConsole, the client's default microversion").contains(NOVNC_PATH);
        assertThat(run(admin, "openstack", "--os-compute-api-version", "2.6", "console", "url", "show", "--novnc",
                serverId).requireSuccess().stdout()).as("remote-consoles").contains(NOVNC_PATH);
    }

    @Test
    void bothFormsOfTheConsoleApiAnswerAsNovaDoes() throws Exception {
        String old = run(admin, "nova", "--os-compute-api-version", "2.5", "get-vnc-console", serverId, "novnc")
                .requireSuccess().stdout();
        assertThat(old).contains(stackbox.url() + NOVNC_PATH);

        Http.Response action = compute("2.5", "/servers/" + serverId + "/action",
                "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
        assertThat(action.status()).as(action.body()).isEqualTo(200);
        assertThat(fieldNames(action.json())).isEqualTo("console");
        assertThat(fieldNames(action.json().path("console"))).isEqualTo("type,url");
        assertThat(action.json().at("/console/type").asText()).isEqualTo("novnc");
        assertFault(compute("2.6", "/servers/" + serverId + "/action", "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}"),
                404, "itemNotFound", "The resource could not be found.");
        assertFault(compute("2.5", "/servers/" + serverId + "/remote-consoles", remoteConsole("vnc", "novnc")),
                404, "itemNotFound", "The resource could not be found.");

        Http.Response remote = compute("2.6", "/servers/" + serverId + "/remote-consoles", remoteConsole("vnc", "novnc"));
        assertThat(remote.status()).as(remote.body()).isEqualTo(200);
        assertThat(fieldNames(remote.json().path("remote_console"))).isEqualTo("protocol,type,url");
        assertThat(remote.json().at("/remote_console/url").asText()).startsWith(stackbox.url() + NOVNC_PATH);
        assertFault(compute("2.6", "/servers/" + serverId + "/remote-consoles", remoteConsole("spice", "spice-html5")),
                400, "badRequest", "Unavailable console type spice-html5.");
        assertFault(compute("2.6", "/servers/" + serverId + "/remote-consoles", remoteConsole("vnc", "xvpvnc")),
                400, "badRequest", "Invalid console type xvpvnc");
        assertFault(compute("2.6", "/servers/" + serverId + "/remote-consoles", remoteConsole("mks", "webmks")),
                400, "badRequest", "Invalid input for field/attribute protocol. Value: mks. 'mks' is not one of "
                        + "['vnc', 'spice', 'serial', 'rdp']");
        String missing = "0b6d2c1e-8f3a-4d5b-9c7e-1a2b3c4d5e6f";
        assertFault(compute("2.6", "/servers/" + missing + "/remote-consoles", remoteConsole("vnc", "novnc")),
                404, "itemNotFound", "Instance " + missing + " could not be found.");
        assertFault(Http.send("POST", stackbox.url() + "/compute/v2.1/servers/" + serverId + "/remote-consoles",
                        aliceToken, null, remoteConsole("vnc", "novnc"),
                        Map.of("OpenStack-API-Version", "compute 2.6")),
                404, "itemNotFound", "Instance " + serverId + " could not be found.");

        assertThat(run(admin, "openstack", "console", "url", "show", "--serial", serverId).requireSuccess().stdout())
                .contains(stackbox.url().replaceFirst("^http", "ws") + "/console/serial?token=");
    }

    @Test
    void severalProgramsWatchOneServerThroughTheProxy() throws Exception {
        String vncUrl = ConsoleSockets.vncWebsocketUrl(remoteConsoleUrl(serverId, "vnc", "novnc"));
        String serialUrl = remoteConsoleUrl(serverId, "serial", "serial");
        assertThat(serialUrl).startsWith(stackbox.url().replaceFirst("^http", "ws") + "/console/serial?token=");
        try (ConsoleSockets.Connection first = ConsoleSockets.Connection.open(vncUrl);
             ConsoleSockets.Connection second = ConsoleSockets.Connection.open(vncUrl);
             ConsoleSockets.Connection firstSerial = ConsoleSockets.Connection.open(serialUrl);
             ConsoleSockets.Connection secondSerial = ConsoleSockets.Connection.open(serialUrl)) {
            assertThat(first.rfbHandshake()).containsExactly(720, 400);
            assertThat(second.rfbHandshake()).as("a second viewer shares the screen").containsExactly(720, 400);
            for (char key : "both7".toCharArray()) {
                second.press(key);
            }
            firstSerial.awaitText("both7");
            secondSerial.awaitText("both7");
        }
        awaitConsoleLog("both7");
    }

    @Test
    void wrongExpiredAndOtherProjectsTokensOpenNothing() throws Exception {
        String websockify = stackbox.url().replaceFirst("^http", "ws") + "/console/websockify?token=";
        assertThat(ConsoleSockets.refusal(websockify + "not-a-token", null)).isEqualTo(401);
        assertThat(ConsoleSockets.refusal(websockify, null)).isEqualTo(401);
        String serialToken = ConsoleSockets.token(remoteConsoleUrl(serverId, "serial", "serial"));
        assertThat(ConsoleSockets.refusal(websockify + serialToken, null)).as("a serial token on the screen")
                .isEqualTo(403);
        String vncUrl = ConsoleSockets.vncWebsocketUrl(remoteConsoleUrl(serverId, "vnc", "novnc"));
        assertThat(ConsoleSockets.refusal(vncUrl, "http://evil.example.net")).as("a page of another site")
                .isEqualTo(403);

        String alicesToken = ConsoleSockets.token(remoteConsoleUrl(alicesServerId, "vnc", "novnc"));
        assertThat(authorization(alicesToken).json().at("/authorization/server_id").asText())
                .as("a token opens the server it was issued for, and no other").isEqualTo(alicesServerId);

        Instant issued = Instant.now();
        String expiring = ConsoleSockets.token(remoteConsoleUrl(serverId, "vnc", "novnc"));
        assertThat(authorization(expiring).status()).isEqualTo(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), issued.plusSeconds(TOKEN_SECONDS + 1)).toMillis()));
        assertThat(ConsoleSockets.refusal(websockify + expiring, null)).as("expired").isEqualTo(401);
        assertThat(authorization(expiring).body()).contains("The console token expired");
    }

    @Test
    void aStoppedServersConsoleSaysSo() throws Exception {
        String output = run(alice, "nova", "get-vnc-console", alicesServerId, "novnc").requireSuccess().stdout();
        String url = output.substring(output.indexOf(stackbox.url())).split("\\s")[0];
        assertThat(authorization(ConsoleSockets.token(url)).status()).isEqualTo(200);

        run(alice, "openstack", "server", "stop", alicesServerId).requireSuccess();
        awaitStatus(aliceToken, alicesServerId, "SHUTOFF");
        assertThat(ConsoleSockets.refusal(ConsoleSockets.vncWebsocketUrl(url), null)).isEqualTo(409);
        ChromeDriver browser = browser();
        browser.get(url);
        WebElement message = browser.findElement(By.id("message"));
        await("the page's message", message::isDisplayed);
        assertThat(message.getText()).contains("The server is not running");
        save("console-e2e-stopped.png", browser.getScreenshotAs(OutputType.BYTES));
        Cli.Result refused = run(alice, "nova", "get-vnc-console", alicesServerId, "novnc");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Cannot 'get_vnc_console' instance " + alicesServerId
                + " while it is in vm_state stopped").contains("HTTP 409");

        run(alice, "openstack", "server", "start", alicesServerId).requireSuccess();
        awaitStatus(aliceToken, alicesServerId, "ACTIVE");
        assertThat(authorization(ConsoleSockets.token(url)).body())
                .as("a URL from before the stop stays dead after the start").contains("The server is not running");
        String fresh = ConsoleSockets.token(remoteConsoleUrl(alicesServerId, "vnc", "novnc"));
        assertThat(authorization(fresh).status()).isEqualTo(200);
    }

    @Test
    void consoleLogShowsTheLastLines() throws Exception {
        try (ConsoleSockets.Connection screen = ConsoleSockets.Connection.open(
                ConsoleSockets.vncWebsocketUrl(remoteConsoleUrl(serverId, "vnc", "novnc")))) {
            screen.rfbHandshake();
            for (char key : "tail9".toCharArray()) {
                screen.press(key);
            }
            // Stay until the guest echoed them: keys pressed just before their viewer left were seen to be lost.
            awaitConsoleLog("tail9");
        }
        String last = run(admin, "openstack", "console", "log", "show", "--lines", "1", serverId).requireSuccess()
                .stdout();
        assertThat(last).contains("tail9").doesNotContain(MARKER);
        assertThat(last.strip().lines().count()).isEqualTo(1);
        assertThat(run(admin, "openstack", "console", "log", "show", "--lines", "2", serverId).requireSuccess()
                .stdout()).contains(MARKER).contains("tail9");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Http.Response compute(String microversion, String path, String body) throws Exception {
        return Http.send("POST", stackbox.url() + "/compute/v2.1" + path, adminToken, null, body,
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    private static String remoteConsoleUrl(String server, String protocol, String type) throws Exception {
        String token = server.equals(alicesServerId) ? aliceToken : adminToken;
        Http.Response response = Http.send("POST", stackbox.url() + "/compute/v2.1/servers/" + server
                + "/remote-consoles", token, null, remoteConsole(protocol, type),
                Map.of("OpenStack-API-Version", "compute 2.6"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().at("/remote_console/url").asText();
    }

    private static String remoteConsole(String protocol, String type) {
        return "{\"remote_console\": {\"protocol\": \"%s\", \"type\": \"%s\"}}".formatted(protocol, type);
    }

    private static Http.Response authorization(String token) throws Exception {
        return Http.send("GET", stackbox.url() + "/console/authorization?token=" + token, null, null, null);
    }

    private static void assertFault(Http.Response response, int status, String fault, String message) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().at("/" + fault + "/message").asText()).as(response.body()).isEqualTo(message);
    }

    private static String fieldNames(JsonNode node) {
        return String.join(",", (Iterable<String>) node::fieldNames);
    }

    private static void awaitStatus(String token, String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            JsonNode server = Http.send("GET", stackbox.url() + "/compute/v2.1/servers/" + id, token, null, null)
                    .json().path("server");
            if (server.path("status").asText().equals(wanted) && server.path("OS-EXT-STS:task_state").isNull()) {
                return;
            }
            assertThat(server.path("status").asText()).as("server %s", id).isNotEqualTo("ERROR");
            assertThat(Instant.now()).as("server %s becomes %s: %s", id, wanted, server).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    private static void awaitConsoleLog(String text) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!run(admin, "openstack", "console", "log", "show", "--lines", "5", serverId).stdout().contains(text)) {
            assertThat(Instant.now()).as("'%s' in the console log", text).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /** Waits until the first text row shows {@code text} from {@code fromCell} on (see {@link GuestScreen}). */
    private static void awaitScreen(String text, int fromCell) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        GuestScreen screen = canvas();
        while (screen.find(text, fromCell) < 0) {
            if (Instant.now().isAfter(deadline)) {
                save("console-e2e-not-on-screen.png", framebufferPng());
                throw new AssertionError("'%s' is not on the screen's first row from cell %d:%n%s".formatted(text,
                        fromCell, screen.picture(0, 80)));
            }
            Thread.sleep(200);
            screen = canvas();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static synchronized ChromeDriver browser() {
        if (browser == null) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File("/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1024,640", "--user-data-dir=" + work.resolve("profile"));
            browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        }
        return browser;
    }

    private static Object script(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The guest's screen as the page's canvas holds it, at the guest's resolution. */
    private static byte[] framebufferPng() {
        String dataUrl = (String) script("return document.querySelector('#screen canvas').toDataURL('image/png')");
        return Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
    }

    private static GuestScreen canvas() {
        return GuestScreen.of(framebufferPng());
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return Cli.run(environment, home, command);
    }

    /** A field of a client's property table ({@code | id | ... |}). */
    private static String field(String table, String name) {
        Matcher matcher = Pattern.compile("\\| " + Pattern.quote(name) + " +\\| (\\S+) +\\|").matcher(table);
        assertThat(matcher.find()).as("field %s in%n%s", name, table).isTrue();
        return matcher.group(1);
    }

    private static void save(String name, byte[] png) throws Exception {
        TestArtifacts.save(name, png);
    }
}
