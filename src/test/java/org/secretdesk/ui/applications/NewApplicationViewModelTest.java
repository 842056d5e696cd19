package org.secretdesk.ui.applications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayException;
import org.secretdesk.client.NewApplication;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.model.Role;

class NewApplicationViewModelTest {

    private final NewApplicationViewModel vm = new NewApplicationViewModel(
            new Capabilities(EnumSet.complementOf(EnumSet.of(Capabilities.Feature.ROTATED_SECRET)), 10, Map.of()));

    @Test
    void firstSecretIsOnByDefaultWithDescriptionDefault() {
        assertThat(vm.createFirstSecretProperty().get()).isTrue();
        assertThat(vm.firstSecretDescriptionProperty().get()).isEqualTo("Default");
    }

    @Test
    void nameIsValidatedAsYouType() {
        assertThat(vm.canCreateBinding().get()).isFalse();
        assertThat(vm.nameMessageBinding().get()).isEmpty();
        vm.nameProperty().set(" ");
        assertThat(vm.nameMessageBinding().get()).isEqualTo("Name is required.");
        vm.nameProperty().set("n".repeat(101));
        assertThat(vm.nameMessageBinding().get()).contains("at most 100");
        vm.nameProperty().set("billing\u0000");
        assertThat(vm.nameMessageBinding().get()).contains("control characters");
        vm.nameProperty().set("billing-service");
        assertThat(vm.canCreateBinding().get()).isTrue();
    }

    @Test
    void requestHasTrimmedNameRolesInCatalogOrderAndTheFirstSecret() {
        vm.rolesLoaded(List.of(new Role("reader", ""), new Role("writer", ""), new Role("admin", "")));
        vm.nameProperty().set("  billing-service ");
        vm.selectedRoles().add("admin");
        vm.selectedRoles().add("reader");
        NewApplication request = vm.begin().orElseThrow();
        assertThat(request.name()).isEqualTo("billing-service");
        assertThat(request.roles()).containsExactly("reader", "admin");
        assertThat(request.initialSecretDescription()).isEqualTo("Default");
        assertThat(request.description()).isNull();
    }

    @Test
    void noFirstSecretWhenUnticked() {
        vm.nameProperty().set("billing");
        vm.createFirstSecretProperty().set(false);
        vm.firstSecretDescriptionProperty().set("");
        assertThat(vm.canCreateBinding().get()).isTrue();
        assertThat(vm.begin().orElseThrow().initialSecretDescription()).isNull();
    }

    @Test
    void descriptionIsOptionalButFollowsTheLabelRule() {
        vm.nameProperty().set("billing");
        vm.descriptionProperty().set("   ");
        assertThat(vm.canCreateBinding().get()).isTrue();
        vm.descriptionProperty().set("d".repeat(101));
        assertThat(vm.descriptionErrorBinding().get()).contains("at most 100");
        assertThat(vm.canCreateBinding().get()).isFalse();
        vm.descriptionProperty().set("Bills customers");
        assertThat(vm.begin().orElseThrow().description()).isEqualTo("Bills customers");
    }

    @Test
    void anEmptyFirstSecretDescriptionBlocksWhenTicked() {
        vm.nameProperty().set("billing");
        vm.firstSecretDescriptionProperty().set("  ");
        assertThat(vm.canCreateBinding().get()).isFalse();
    }

    @Test
    void duplicateNameFromTheGatewayIsShownOnTheNameUntilItChanges() {
        vm.nameProperty().set("billing");
        vm.begin().orElseThrow();
        vm.failed(GatewayException.http(Problem.of(ProblemCode.APPLICATION_DUPLICATE_NAME, "taken")));
        assertThat(vm.nameMessageBinding().get()).contains("already exists");
        assertThat(vm.canCreateBinding().get()).isFalse();
        vm.nameProperty().set("billing-2");
        assertThat(vm.nameMessageBinding().get()).isEmpty();
        assertThat(vm.canCreateBinding().get()).isTrue();
    }

    @Test
    void createIsBlockedWhileRolesLoad() {
        vm.nameProperty().set("billing");
        vm.rolesLoading();
        assertThat(vm.canCreateBinding().get()).isFalse();
        vm.rolesFailed(new GatewayException(GatewayException.Kind.TIMEOUT, "timeout", null, null));
        assertThat(vm.canCreateBinding().get()).isTrue();
        assertThat(vm.rolesMessageProperty().get()).contains("could not be loaded");
    }

    @Test
    void ownersAreCheckedAsTypedAndSentWithTheRequest() {
        vm.nameProperty().set("billing-service");
        assertThat(vm.owners().supported()).isTrue();
        vm.owners().emails().set("Alice@Example.com, not-an-address");
        assertThat(vm.owners().emailsError().get()).contains("“not-an-address” is not an e-mail address");
        assertThat(vm.canCreateBinding().get()).isFalse();
        vm.owners().emails().set("Alice@Example.com;  bob@example.com\ncarol@example.com");
        vm.owners().team().set(" Payments ");
        assertThat(vm.owners().emailsError().get()).isEmpty();
        assertThat(vm.canCreateBinding().get()).isTrue();
        NewApplication request = vm.begin().orElseThrow();
        assertThat(request.owners().emails()).containsExactly("alice@example.com", "bob@example.com",
                "carol@example.com");
        assertThat(request.owners().team()).isEqualTo("Payments");
    }

    @Test
    void atMostTwentyOwnersAndAShortTeam() {
        vm.owners().emails().set(String.join(",", java.util.stream.IntStream.range(0, 21)
                .mapToObj(i -> "o" + i + "@example.com").toList()));
        assertThat(vm.owners().emailsError().get()).isEqualTo("At most 20 addresses (21 given).");
        vm.owners().emails().set("");
        vm.owners().team().set("t".repeat(101));
        assertThat(vm.owners().teamError().get()).contains("at most 100");
    }

    @Test
    void aGatewayWithoutOwnersSaysWhyAndSendsNone() {
        NewApplicationViewModel keycloak = new NewApplicationViewModel(new Capabilities(
                EnumSet.of(Capabilities.Feature.APPLICATIONS, Capabilities.Feature.CREATE_APPLICATION), 1,
                Map.of(Capabilities.Feature.OWNERS, "Keycloak has no owners.")));
        assertThat(keycloak.owners().supported()).isFalse();
        assertThat(keycloak.owners().unavailable()).isEqualTo("Keycloak has no owners.");
        keycloak.nameProperty().set("app");
        keycloak.owners().emails().set("not-an-address");
        assertThat(keycloak.canCreateBinding().get()).as("owners not asked for here").isTrue();
        assertThat(keycloak.begin().orElseThrow().owners().isEmpty()).isTrue();
    }
}
