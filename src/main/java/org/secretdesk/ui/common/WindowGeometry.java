package org.secretdesk.ui.common;

/** The main window's last size and position; {@code x}/{@code y} are NaN when never placed. */
public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {

    public static final WindowGeometry DEFAULT = new WindowGeometry(Double.NaN, Double.NaN, 1180, 720, false);

    public WindowGeometry {
        width = width >= 640 ? width : 640;
        height = height >= 420 ? height : 420;
    }

    public boolean hasPosition() {
        return !Double.isNaN(x) && !Double.isNaN(y);
    }
}
