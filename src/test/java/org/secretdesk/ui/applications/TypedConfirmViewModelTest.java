package org.secretdesk.ui.applications;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

class TypedConfirmViewModelTest {

    private final TypedConfirmViewModel vm = new TypedConfirmViewModel("prod rollout", "delete the secret");

    @Test
    void disabledUntilSomethingIsTyped() {
        assertThat(vm.canConfirmBinding().get()).isFalse();
        assertThat(vm.begin()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod rollout", "PROD ROLLOUT", "prod", "prod rollou", "prod rollout ", " prod rollout",
            "prod  rollout", "prod rollout\n", "prod.rollout", ".*", "prod rollout prod rollout"})
    void anythingButTheExactTextKeepsTheButtonDisabled(String typed) {
        vm.typedProperty().set(typed);
        assertThat(vm.matchesBinding().get()).isFalse();
        assertThat(vm.canConfirmBinding().get()).isFalse();
        assertThat(vm.begin()).isFalse();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void theExactTextEnablesIt() {
        vm.typedProperty().set("prod rollout");
        assertThat(vm.canConfirmBinding().get()).isTrue();
        assertThat(vm.begin()).isTrue();
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.canConfirmBinding().get()).isFalse(); // no double submit
    }

    @Test
    void descriptionsWithSpacesAreMatchedAsTheyAre() {
        TypedConfirmViewModel spaced = new TypedConfirmViewModel("a  b", "delete");
        spaced.typedProperty().set("a b");
        assertThat(spaced.canConfirmBinding().get()).isFalse();
        spaced.typedProperty().set("a  b");
        assertThat(spaced.canConfirmBinding().get()).isTrue();
    }

    @Test
    void failureKeepsTheTypedTextAndExplains() {
        vm.typedProperty().set("prod rollout");
        vm.begin();
        vm.failed(GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, "changed")));
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.typedProperty().get()).isEqualTo("prod rollout");
        assertThat(vm.errorProperty().get()).isEqualTo("This secret was changed by someone else. The list was reloaded.");
        assertThat(vm.canConfirmBinding().get()).isTrue();
    }

    @Test
    void aNearMissSaysWhatToFixButStillDoesNotCount() {
        // Issue 19: no hint when the typed text differed only by case or a trailing space.
        vm.typedProperty().set("Prod Rollout");
        assertThat(vm.hintBinding().get()).isEqualTo("Only upper and lower case differ: type it exactly as shown.");
        assertThat(vm.canConfirmBinding().get()).isFalse();
        vm.typedProperty().set("prod rollout ");
        assertThat(vm.hintBinding().get()).isEqualTo("Remove the space at the start or end: it must match exactly.");
        assertThat(vm.canConfirmBinding().get()).isFalse();
        vm.typedProperty().set("prod roll");
        assertThat(vm.hintBinding().get()).isEmpty();
        vm.typedProperty().set("prod rollout");
        assertThat(vm.hintBinding().get()).isEmpty();
        assertThat(vm.canConfirmBinding().get()).isTrue();
    }
}
