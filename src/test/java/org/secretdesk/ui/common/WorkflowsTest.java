package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a workflow tells its caller that a change was refused as stale. */
class WorkflowsTest {

    @Test
    void aChangeListenerHearsTheStaleRefusalApart() {
        List<String> heard = new ArrayList<>();
        Workflows.ChangeListener listener = new Workflows.ChangeListener() {
            @Override
            public void run() {
                heard.add("changed");
            }

            @Override
            public void changedElsewhere(Throwable cause) {
                heard.add("elsewhere: " + cause.getMessage());
            }
        };
        Workflows.notifyChangedElsewhere(listener, new IllegalStateException("412"));
        assertThat(heard).containsExactly("elsewhere: 412");
    }

    @Test
    void aPlainRunnableSimplyRunsAsBefore() {
        List<String> heard = new ArrayList<>();
        Workflows.notifyChangedElsewhere(() -> heard.add("changed"), new IllegalStateException("412"));
        assertThat(heard).containsExactly("changed");
    }

    @Test
    void aListenerWithoutItsOwnHandlingReloadsLikeAChange() {
        List<String> heard = new ArrayList<>();
        Workflows.ChangeListener listener = () -> heard.add("changed");
        Workflows.notifyChangedElsewhere(listener, new IllegalStateException("412"));
        assertThat(heard).containsExactly("changed");
    }
}
