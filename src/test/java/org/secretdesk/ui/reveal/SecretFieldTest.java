package org.secretdesk.ui.reveal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.reveal.FxTestSupport.fx;

import java.lang.reflect.Field;
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

    /** Issue 20: the characters it held are zeroed, not only dropped (a dropped array keeps them until reused). */
    @Test
    void wipeZeroesTheCharactersItHeld() throws Exception {
        SecretField field = fx(() -> {
            SecretField f = new SecretField();
            f.setSecret(SecretValue.copyOf("sds_abc"));
            f.setShown(true);
            return f;
        });
        char[] held = heldChars(field);
        assertThat(new String(held)).isEqualTo("sds_abc");
        fx(() -> {
            field.setSecret(SecretValue.copyOf("sds_second"));
            return null;
        });
        assertThat(held).as("the first value, replaced by the second").containsOnly('\0');
        char[] second = heldChars(field);
        fx(() -> {
            field.wipe();
            return null;
        });
        assertThat(second).hasSize(10).containsOnly('\0');
        assertThat(field.length()).isZero();
        assertThat(field.renderedText()).isEmpty();
    }

    /** The field's own copy of the characters (its private array). */
    private static char[] heldChars(SecretField field) throws ReflectiveOperationException {
        Field chars = SecretField.class.getDeclaredField("chars");
        chars.setAccessible(true);
        return (char[]) chars.get(field);
    }
}
