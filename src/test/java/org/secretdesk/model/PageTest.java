package org.secretdesk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    @Test
    void walksAWholeListPageByPageAndEndsWithoutACursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<String> page = Page.ofWholeList(FIVE, 2, cursor);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(FIVE);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void noLimitGivesTheRestAndACursorPastTheEndGivesNothing() {
        assertThat(Page.ofWholeList(FIVE, 0, "3").items()).containsExactly("d", "e");
        assertThat(Page.ofWholeList(FIVE, 0, "3").hasMore()).isFalse();
        assertThat(Page.ofWholeList(FIVE, 10, "99").items()).isEmpty();
        assertThat(Page.ofWholeList(List.of(), 10, null).hasMore()).isFalse();
    }

    @Test
    void aCursorThatIsNotAnOffsetIsRefused() {
        assertThatThrownBy(() -> Page.ofWholeList(FIVE, 2, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abc");
    }
}
