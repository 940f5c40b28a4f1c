package org.stackbox.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.stackbox.common.ConsoleType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console page in a real browser: headless Chromium opens the noVNC URL that the console calls return, shows the
 * guest's screen, and types into it; the guest (a boot sector that echoes keys to its serial port and screen) proves
 * it received the keys. Screenshots go to {@code target/test-artifacts}.
 */
@Timeout(180)
class ConsoleBrowserTest {
    static final String SERVER = "4e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** A VGA text cell is 9 by 16 pixels on QEMU's 720 x 400 text-mode screen. */
    static final int CELL_WIDTH = 9;
    static final int CELL_HEIGHT = 16;

    @TempDir
    Path temporary;
    Guests guests;
    ConsoleServer server;
    ChromeDriver browser;

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (guests != null) {
                guests.close();
            }
        }
    }

    @Test
    void theConsolePageShowsTheGuestsScreenAndTypesKeysIntoIt() throws Exception {
        guests = new Guests(temporary);
        guests.boot(SERVER);
        server = new ConsoleServer(new HypervisorConsoleTargets(guests.hypervisor), Clock.systemUTC());
        ConsoleToken token = server.consoles.authorizations().issue(SERVER, ConsoleType.NOVNC);
        String url = server.consoles.responses().url(token);
        assertThat(url).startsWith(server.publicUrl + "/console/vnc_lite.html?path=%3Ftoken%3D");

        browser = HeadlessChromium.start(temporary.resolve("profile"));
        browser.get(url);
        await("the page connects", () -> Boolean.TRUE.equals(
                script("return !!(window.stackboxConsole && window.stackboxConsole.connected())")));
        int markerCells = Guests.MARKER.length();
        await("the marker on the screen", () -> lightPixels(screenImage(), 0, markerCells, 0x60) > 100);
        BufferedImage screen = screenImage();
        save("console-browser-connected.png", browser.getScreenshotAs(OutputType.BYTES));
        assertThat(screen.getWidth()).isEqualTo(720);
        assertThat(screen.getHeight()).isEqualTo(400);
        assertThat(lightPixels(screen, markerCells + 2, 80, 0xE0)).as("nothing typed yet").isZero();
        assertThat(browser.getTitle()).isEqualTo("Console of server " + SERVER);

        WebElement canvas = browser.findElement(By.cssSelector("#screen canvas"));
        new Actions(browser).click(canvas).sendKeys("typed7").perform();
        guests.awaitSerial(SERVER, "typed7");

        script("window.stackboxConsole.typeText(arguments[0])", "Paste OK!");
        guests.awaitSerial(SERVER, "Paste OK!");
        await("the typed keys on the screen",
                () -> lightPixels(screenImage(), markerCells + 2, markerCells + 2 + 15, 0xE0) > 100);
        save("console-browser-typed.png", browser.getScreenshotAs(OutputType.BYTES));
        save("console-browser-framebuffer.png", framebufferPng());
    }

    @Test
    void anExpiredTokenSaysSoOnThePage() throws Exception {
        guests = new Guests(temporary);
        MovableClock clock = new MovableClock(java.time.Instant.now());
        server = new ConsoleServer(new HypervisorConsoleTargets(guests.hypervisor), clock);
        ConsoleToken token = server.consoles.authorizations().issue(SERVER, ConsoleType.NOVNC);
        clock.advance(ConsoleConfig.DEFAULT_TOKEN_LIFETIME);

        browser = HeadlessChromium.start(temporary.resolve("profile"));
        browser.get(server.consoles.responses().url(token));
        WebElement message = browser.findElement(By.id("message"));
        await("the page's message", message::isDisplayed);
        assertThat(message.getText()).contains("The console token expired");
        save("console-browser-expired.png", browser.getScreenshotAs(OutputType.BYTES));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " within " + WAIT);
            }
            Thread.sleep(100);
        }
    }

    private Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /** The guest's screen as the page's canvas holds it, at the guest's resolution. */
    private byte[] framebufferPng() {
        String dataUrl = (String) script("return document.querySelector('#screen canvas').toDataURL('image/png')");
        return Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
    }

    private BufferedImage screenImage() {
        try {
            return ImageIO.read(new ByteArrayInputStream(framebufferPng()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many pixels of the first text row, cells {@code fromCell} to {@code toCell}, are brighter than {@code level}. */
    private static int lightPixels(BufferedImage image, int fromCell, int toCell, int level) {
        int count = 0;
        for (int y = 0; y < Math.min(CELL_HEIGHT, image.getHeight()); y++) {
            for (int x = fromCell * CELL_WIDTH; x < Math.min(toCell * CELL_WIDTH, image.getWidth()); x++) {
                int rgb = image.getRGB(x, y);
                int red = (rgb >> 16) & 0xFF;
                int green = (rgb >> 8) & 0xFF;
                int blue = rgb & 0xFF;
                if (red > level && green > level && blue > level) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void save(String name, byte[] png) throws Exception {
        Path directory = Files.createDirectories(Path.of(System.getProperty("stackbox.artifacts", "target/test-artifacts")));
        Files.write(directory.resolve(name), png);
    }
}
