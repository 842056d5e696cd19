package org.secretdesk.ui.testing;

import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;

/**
 * Whether a node can be clicked yet. A dialog's nodes are in its scene graph, and found by a lookup, a moment
 * before its window shows them; {@code clickOn} only takes visible nodes, so tests wait for this, not for presence.
 */
public final class FxShown {

    private FxShown() {
    }

    /** The node {@code query} finds is visible, with all its parents, in a window that is showing. */
    public static boolean shown(FxRobot robot, String query) {
        return robot.lookup(query).match(NodeQueryUtils.isVisible()).tryQuery().isPresent();
    }
}
