package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.reveal.FxTestSupport.fx;

import javafx.scene.AccessibleAttribute;
import javafx.scene.input.ContextMenuEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secretdesk.model.SecretValue;

class SecretFieldTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startToolkit();
    }

    @Test
    void masksByDefaultAndShowsOnRequest() throws Exception {
        SecretField field = fx(() -> {
            SecretField f = new SecretField();
            f.setSecret(SecretValue.copyOf("sds_abc"));
            return f;
        });
        assertThat(field.renderedText()).isEqualTo("\u2022".repeat(7));
        fx(() -> {
            field.setShown(true);
            return null;
        });
        assertThat(field.renderedText()).isEqualTo("sds_abc");
        fx(() -> {
            field.setShown(false);
            return null;
        });
        assertThat(field.renderedText()).doesNotContain("sds");
    }

    @Test
    void neverExposesTheValueToAccessibility() throws Exception {
        SecretField field = fx(() -> {
            SecretField f = new SecretField();
            f.setSecret(SecretValue.copyOf("sds_abc"));
            f.setShown(true);
            return f;
        });
        assertThat(field.queryAccessibleAttribute(AccessibleAttribute.TEXT)).isEqualTo("Client secret (hidden)");
        assertThat(field.getAccessibleText()).isEqualTo("Client secret (hidden)");
        assertThat(String.valueOf(field.queryAccessibleAttribute(AccessibleAttribute.HELP))).doesNotContain("sds");
    }

    @Test
    void hasNoContextMenu() throws Exception {
        SecretField field = fx(SecretField::new);
        ContextMenuEvent event = new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 1, 1, 1, 1, false,
                null);
        boolean consumed = fx(() -> {
            ContextMenuEvent copy = event.copyFor(field, field);
            field.getOnContextMenuRequested().handle(copy);
            return copy.isConsumed();
        });
        assertThat(consumed).isTrue();
    }

    @Test
    void wipeZeroesItsCopyAndLeavesTheCallersValue() throws Exception {
        SecretValue value = SecretValue.copyOf("sds_abc");
        SecretField field = fx(() -> {
            SecretField f = new SecretField();
            f.setSecret(value);
            f.setShown(true);
            f.wipe();
            return f;
        });
        assertThat(field.isWiped()).isTrue();
        assertThat(field.length()).isZero();
        assertThat(field.renderedText()).isEmpty();
        assertThat(value.isDestroyed()).isFalse();
        assertThat(value.sameAs("sds_abc")).isTrue();
    }
}
