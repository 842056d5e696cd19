package org.secretdesk.ui.applications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ApplicationPatch;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.Owners;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;

/** Issue 19: an application could not be edited after it was created (description, roles). */
class EditApplicationViewModelTest {

    private static final Application APP = new Application("app_1", "billing-service", "Invoices", "sdc_1",
            List.of("reader"), Instant.EPOCH, Instant.EPOCH, 4, ExpiryPolicy.FOLLOW_DOMAIN, 1, null, 0);

    private final EditApplicationViewModel vm = new EditApplicationViewModel(APP,
            new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)), 10, Map.of()));

    @Test
    void startsFromTheApplicationAndSavesOnlyWhatChanged() {
        vm.roles().loaded(List.of(new Role("reader", ""), new Role("writer", ""), new Role("admin", "")));
        assertThat(vm.description().get()).isEqualTo("Invoices");
        assertThat(vm.roles().selected()).containsExactly("reader");
        assertThat(vm.canSave().get()).as("nothing changed yet").isFalse();

        vm.roles().selected().add("writer");
        assertThat(vm.canSave().get()).isTrue();
        ApplicationPatch patch = vm.begin().orElseThrow();
        assertThat(patch.description()).as("unchanged: not sent").isNull();
        assertThat(patch.roles()).containsExactly("reader", "writer");
        assertThat(patch.secretPolicy()).isNull();
        vm.submission().succeeded();

        vm.roles().selected().remove("writer");
        vm.description().set("  Invoices and payments ");
        patch = vm.begin().orElseThrow();
        assertThat(patch.description()).isEqualTo("Invoices and payments");
        assertThat(patch.roles()).isNull();
    }

    @Test
    void aChangeMadeElsewhereIsReportedAsStale() {
        vm.description().set("Other");
        vm.begin().orElseThrow();
        assertThat(vm.failed(GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, "stale")))).isTrue();
        assertThat(vm.submission().errorProperty().get()).contains("changed by someone else");
        assertThat(vm.description().get()).as("what was typed is kept").isEqualTo("Other");
        assertThat(vm.canSave().get()).isTrue();
    }

    @Test
    void anInvalidDescriptionCannotBeSaved() {
        vm.description().set("x".repeat(101));
        assertThat(vm.descriptionError().get()).contains("at most 100");
        assertThat(vm.canSave().get()).isFalse();
    }

    @Test
    void ownersStartFromTheApplicationAndAreSentOnlyWhenChanged() {
        Application owned = new Application("app_2", "ledger", "", "sdc_2", List.of(), Instant.EPOCH, Instant.EPOCH,
                2, ExpiryPolicy.FOLLOW_DOMAIN, 1, null, 0, new Owners(List.of("alice@example.com"), "Payments"));
        EditApplicationViewModel edit = new EditApplicationViewModel(owned,
                new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)), 10, Map.of()));
        edit.roles().loaded(List.of());
        assertThat(edit.owners().emails().get()).isEqualTo("alice@example.com");
        assertThat(edit.owners().team().get()).isEqualTo("Payments");
        assertThat(edit.canSave().get()).isFalse();
        edit.owners().emails().set("alice@example.com, bob@");
        assertThat(edit.owners().emailsError().get()).contains("bob@");
        assertThat(edit.canSave().get()).isFalse();
        edit.owners().emails().set("alice@example.com, bob@example.com");
        edit.owners().team().set("");
        assertThat(edit.canSave().get()).isTrue();
        ApplicationPatch patch = edit.begin().orElseThrow();
        assertThat(patch.owners()).isEqualTo(new Owners(List.of("alice@example.com", "bob@example.com"), null));
        assertThat(patch.description()).isNull();
    }

    @Test
    void unchangedOwnersAreNotSent() {
        vm.description().set("Other");
        assertThat(vm.begin().orElseThrow().owners()).isNull();
    }
}
