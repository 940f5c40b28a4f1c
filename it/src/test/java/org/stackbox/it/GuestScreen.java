package org.stackbox.it;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A guest's VGA text screen as the console page draws it: 720 x 400 pixels, 80 x 25 cells of 9 x 16. Without OCR,
 * "the screen shows this text" is checked by its glyphs: a cell is lit exactly where the text has a character, and
 * two cells hold the same glyph exactly where the text has the same character (the S, C, O and E of the marker
 * repeat, its other letters do not). QEMU's VNC server sends lossless pixels, so equal glyphs are equal bitmaps.
 * The same holds for any text row, counted from 0 at the top.
 */
final class GuestScreen {
    static final int CELL_WIDTH = 9;
    static final int CELL_HEIGHT = 16;
    private static final int LIT = 0x60;

    private final BufferedImage image;

    private GuestScreen(BufferedImage image) {
        this.image = image;
    }

    static GuestScreen of(byte[] png) {
        try {
            return new GuestScreen(ImageIO.read(new ByteArrayInputStream(png)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestScreen of(BufferedImage image) {
        return new GuestScreen(image);
    }

    byte[] png() {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /** Whether the first text row, from {@code firstCell}, shows {@code text} (see the class comment). */
    boolean shows(int firstCell, String text) {
        return shows(0, firstCell, text);
    }

    /** Whether text row {@code row} (from 0 at the top), from {@code firstCell}, shows {@code text}. */
    boolean shows(int row, int firstCell, String text) {
        List<boolean[]> cells = new ArrayList<>();
        for (int index = 0; index < text.length(); index++) {
            cells.add(cell(row, firstCell + index));
        }
        for (int index = 0; index < text.length(); index++) {
            if ((text.charAt(index) == ' ') == isLit(cells.get(index))) {
                return false;
            }
            for (int other = index + 1; other < text.length(); other++) {
                boolean sameCharacter = text.charAt(index) == text.charAt(other);
                if (sameCharacter != Arrays.equals(cells.get(index), cells.get(other))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The first cell of the first text row, from {@code fromCell} on, where {@code text} shows; -1 if nowhere. */
    int find(String text, int fromCell) {
        for (int cell = fromCell; cell + text.length() <= image.getWidth() / CELL_WIDTH; cell++) {
            if (shows(cell, text)) {
                return cell;
            }
        }
        return -1;
    }

    /** The first text row that starts with {@code text}; -1 if none does. */
    int rowStartingWith(String text) {
        for (int row = 0; row < image.getHeight() / CELL_HEIGHT; row++) {
            if (shows(row, 0, text)) {
                return row;
            }
        }
        return -1;
    }

    /** How many pixels are brighter than dark grey: a blank (all black) screen has none. */
    long litPixels() {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (brightness(image.getRGB(x, y)) > LIT) {
                    count++;
                }
            }
        }
        return count;
    }

    private boolean[] cell(int row, int column) {
        boolean[] pixels = new boolean[CELL_WIDTH * CELL_HEIGHT];
        for (int y = 0; y < CELL_HEIGHT; y++) {
            for (int x = 0; x < CELL_WIDTH; x++) {
                int px = column * CELL_WIDTH + x;
                int py = row * CELL_HEIGHT + y;
                pixels[y * CELL_WIDTH + x] = px < image.getWidth() && py < image.getHeight()
                        && brightness(image.getRGB(px, py)) > LIT;
            }
        }
        return pixels;
    }

    private static boolean isLit(boolean[] cell) {
        for (boolean pixel : cell) {
            if (pixel) {
                return true;
            }
        }
        return false;
    }

    /** The first text row's cells {@code firstCell} on, drawn with {@code #} for lit pixels: for failure messages. */
    String picture(int firstCell, int cells) {
        return picture(0, 1, firstCell, cells);
    }

    /** Text rows {@code firstRow} on, their cells {@code firstCell} on, drawn as {@link #picture(int, int)} does. */
    String picture(int firstRow, int rows, int firstCell, int cells) {
        StringBuilder picture = new StringBuilder();
        for (int y = firstRow * CELL_HEIGHT; y < (firstRow + rows) * CELL_HEIGHT && y < image.getHeight(); y++) {
            for (int x = firstCell * CELL_WIDTH; x < (firstCell + cells) * CELL_WIDTH && x < image.getWidth(); x++) {
                picture.append(brightness(image.getRGB(x, y)) > LIT ? '#' : '.');
            }
            picture.append('\n');
        }
        return picture.toString();
    }

    private static int brightness(int rgb) {
        return Math.min((rgb >> 16) & 0xFF, Math.min((rgb >> 8) & 0xFF, rgb & 0xFF));
    }
}
