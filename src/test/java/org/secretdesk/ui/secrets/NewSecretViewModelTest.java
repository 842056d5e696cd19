package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secretdesk.ui.secrets.Fixtures.app;
import static org.secretdesk.ui.secrets.Fixtures.domain;
import static org.secretdesk.ui.secrets.Fixtures.secret;
import static org.secretdesk.ui.secrets.Fixtures.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.Capabilities;
import org.secretdesk.model.ExpiryPolicy;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.ui.secrets.NewSecretViewModel.ExpiryChoice;
import org.secretdesk.ui.secrets.NewSecretViewModel.ExpiryChoice.Kind;

class NewSecretViewModelTest {

    private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private NewSecretViewModel model(ExpiryPolicy policy, int existing, Capabilities caps) {
        return new NewSecretViewModel(app(policy, existing), secrets(existing), caps, CLOCK);
    }

    private NewSecretViewModel ready(int existing) {
        NewSecretViewModel vm = model(ExpiryPolicy.FOLLOW_DOMAIN, existing, Fixtures.all());
        vm.policyLoaded(domain(Duration.ofDays(90), 10));
        return vm;
    }

    @Test
    void descriptionIsRequiredButNotShownAsAnErrorBeforeTyping() {
        NewSecretViewModel vm = ready(0);
        assertThat(vm.descriptionErrorBinding().get()).isEqualTo("Description is required.");
        assertThat(vm.descriptionMessageBinding().get()).isEmpty();
        assertThat(vm.canGenerateBinding().get()).isFalse();
        vm.descriptionProperty().set("   ");
        assertThat(vm.descriptionMessageBinding().get()).isEqualTo("Description is required.");
    }

    @Test
    void generateAgainAfterAFailureRepeatsTheRequestWithTheSameIdempotencyKey() {
        NewSecretViewModel vm = ready(0);
        vm.descriptionProperty().set("prod rollout");
        assertThat(vm.begin()).isPresent();
        String first = vm.idempotencyKey();
        assertThat(first).hasSizeGreaterThanOrEqualTo(22);
        vm.failed(new RuntimeException("answer lost"));
        assertThat(vm.begin()).isPresent();
        assertThat(vm.idempotencyKey()).as("the same request again").isEqualTo(first);
        vm.failed(new RuntimeException("answer lost"));
        vm.descriptionProperty().set("prod rollout 2");
        assertThat(vm.begin()).isPresent();
        assertThat(vm.idempotencyKey()).as("a changed request").isNotEqualTo(first);
    }

    @Test
    void descriptionIsTrimmedAndLimitedTo100Characters() {
        NewSecretViewModel vm = ready(0);
        vm.descriptionProperty().set("x".repeat(100));
        assertThat(vm.descriptionErrorBinding().get()).isEmpty();
        vm.descriptionProperty().set("  " + "x".repeat(100) + "  ");
        assertThat(vm.descriptionErrorBinding().get()).isEmpty();
        vm.descriptionProperty().set("x".repeat(101));
        assertThat(vm.descriptionErrorBinding().get()).contains("at most 100");
        assertThat(vm.canGenerateBinding().get()).isFalse();
    }

    @Test
    void controlCharactersAreRefused() {
        NewSecretViewModel vm = ready(0);
        vm.descriptionProperty().set("prod\u0007rollout");
        assertThat(vm.descriptionErrorBinding().get()).contains("control characters");
        vm.descriptionProperty().set("prod\u202Erollout");
        assertThat(vm.descriptionErrorBinding().get()).contains("control characters");
    }

    @Test
    void duplicateDescriptionIsRefusedCaseSensitivelyAfterTrimming() {
        NewSecretViewModel vm = new NewSecretViewModel(app(ExpiryPolicy.FOLLOW_DOMAIN, 1),
                List.of(secret("prod rollout")), Fixtures.all(), CLOCK);
        vm.policyLoaded(domain(Duration.ofDays(90), 10));
        vm.descriptionProperty().set("prod rollout");
        assertThat(vm.descriptionMessageBinding().get()).contains("already has a secret");
        assertThat(vm.canGenerateBinding().get()).isFalse();
        assertThat(vm.begin()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();

        vm.descriptionProperty().set("  prod rollout ");
        assertThat(vm.descriptionErrorBinding().get()).contains("already has a secret");

        vm.descriptionProperty().set("Prod rollout");
        assertThat(vm.descriptionErrorBinding().get()).isEmpty();
        assertThat(vm.canGenerateBinding().get()).isTrue();
    }

    @Test
    void generateIsDisabledUntilThePolicyIsKnown() {
        NewSecretViewModel vm = model(ExpiryPolicy.FOLLOW_DOMAIN, 0, Fixtures.all());
        vm.descriptionProperty().set("prod");
        assertThat(vm.canGenerateBinding().get()).isFalse();
        vm.policyLoaded(domain(Duration.ofDays(90), 10));
        assertThat(vm.canGenerateBinding().get()).isTrue();
    }

    @Test
    void expiryChoicesAreLimitedByTheDomainPolicyAndNeverIsNotOffered() {
        NewSecretViewModel vm = ready(0);
        assertThat(vm.expiryChoices()).extracting(ExpiryChoice::label)
                .containsExactly("Follow policy (90 days)", "After 7 days", "After 30 days", "After 60 days",
                        "On a date…");
        assertThat(vm.expiryChoices()).noneMatch(c -> c.kind() == Kind.NEVER);
        assertThat(vm.selectedExpiryProperty().get().kind()).isEqualTo(Kind.POLICY);
        assertThat(vm.policyTextProperty().get()).contains("90 days");
    }

    @Test
    void applicationCustomPolicyWinsOverTheDomain() {
        NewSecretViewModel vm = model(ExpiryPolicy.custom(Duration.ofDays(30)), 0, Fixtures.all());
        vm.policyLoaded(domain(Duration.ofDays(90), 10));
        assertThat(vm.expiryChoices()).extracting(ExpiryChoice::label)
                .containsExactly("Follow policy (30 days)", "After 7 days", "On a date…");
    }

    @Test
    void neverIsOfferedOnlyWhenNoPolicyApplies() {
        NewSecretViewModel noDomainPolicy = model(ExpiryPolicy.FOLLOW_DOMAIN, 0, Fixtures.all());
        noDomainPolicy.policyLoaded(domain(null, 10));
        assertThat(noDomainPolicy.expiryChoices().getFirst().kind()).isEqualTo(Kind.NEVER);
        assertThat(noDomainPolicy.selectedExpiryProperty().get().kind()).isEqualTo(Kind.NEVER);

        NewSecretViewModel appNever = model(ExpiryPolicy.NEVER, 0, Fixtures.all());
        appNever.policyLoaded(domain(Duration.ofDays(90), 10));
        assertThat(appNever.expiryChoices()).anyMatch(c -> c.kind() == Kind.NEVER);
        assertThat(appNever.expiryChoices()).extracting(ExpiryChoice::label).contains("After 365 days");
    }

    @Test
    void datesAreLimitedToThePolicy() {
        NewSecretViewModel vm = ready(0);
        assertThat(vm.isDateAllowed(TODAY)).isFalse();
        assertThat(vm.isDateAllowed(TODAY.plusDays(1))).isTrue();
        assertThat(vm.isDateAllowed(TODAY.plusDays(90))).isTrue();
        assertThat(vm.isDateAllowed(TODAY.plusDays(91))).isFalse();

        vm.descriptionProperty().set("prod");
        vm.selectedExpiryProperty().set(vm.expiryChoices().stream().filter(c -> c.kind() == Kind.DATE)
                .findFirst().orElseThrow());
        assertThat(vm.expiryErrorBinding().get()).isEqualTo("Pick the expiry date, or type it as YYYY-MM-DD.");
        assertThat(vm.canGenerateBinding().get()).isFalse();
        vm.expiryDateProperty().set(TODAY.plusDays(120));
        assertThat(vm.expiryErrorBinding().get()).contains("between tomorrow and 2027-02-21");
        vm.expiryDateProperty().set(TODAY.plusDays(45));
        assertThat(vm.canGenerateBinding().get()).isTrue();
        assertThat(vm.begin()).hasValueSatisfying(r -> assertThat(r.expiresAfter()).isEqualTo(Duration.ofDays(45)));
    }

    @Test
    void requestCarriesTheTrimmedDescriptionAndTheChosenPreset() {
        NewSecretViewModel vm = ready(2);
        vm.descriptionProperty().set("  prod rollout  ");
        vm.selectedExpiryProperty().set(vm.expiryChoices().get(2));
        var request = vm.begin().orElseThrow();
        assertThat(request.description()).isEqualTo("prod rollout");
        assertThat(request.expiresAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.canGenerateBinding().get()).isFalse();
    }

    @Test
    void followingThePolicySendsNoExpiry() {
        NewSecretViewModel vm = ready(0);
        vm.descriptionProperty().set("prod");
        assertThat(vm.begin().orElseThrow().expiresAfter()).isNull();
    }

    @Test
    void usageLineAndTheLimit() {
        NewSecretViewModel three = ready(3);
        assertThat(three.usageTextBinding().get()).isEqualTo("3 of 10 secrets used");
        assertThat(three.atLimitBinding().get()).isFalse();

        NewSecretViewModel ten = ready(10);
        ten.descriptionProperty().set("the eleventh");
        assertThat(ten.usageTextBinding().get()).isEqualTo("10 of 10 secrets used");
        assertThat(ten.atLimitBinding().get()).isTrue();
        assertThat(ten.limitReasonBinding().get()).contains("limit of 10 secrets");
        assertThat(ten.canGenerateBinding().get()).isFalse();
        assertThat(ten.begin()).isEmpty();
    }

    @Test
    void theGatewayConfiguredLimitIsUsed() {
        NewSecretViewModel vm = model(ExpiryPolicy.FOLLOW_DOMAIN, 3, Fixtures.all());
        vm.policyLoaded(domain(Duration.ofDays(90), 3));
        assertThat(vm.usageTextBinding().get()).isEqualTo("3 of 3 secrets used");
        assertThat(vm.atLimitBinding().get()).isTrue();
    }

    @Test
    void failureKeepsTheInputAndSaysWhatHappened() {
        NewSecretViewModel vm = ready(0);
        vm.descriptionProperty().set("prod");
        vm.begin().orElseThrow();
        vm.failed(Fixtures.offline());
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.descriptionProperty().get()).isEqualTo("prod");
        assertThat(vm.requestErrorProperty().get()).contains("cannot be reached");
        assertThat(vm.canGenerateBinding().get()).isTrue();

        vm.begin().orElseThrow();
        vm.failed(Fixtures.http(ProblemCode.SECRET_DUPLICATE_DESCRIPTION));
        assertThat(vm.requestErrorProperty().get()).contains("already exists");
        vm.begin().orElseThrow();
        vm.failed(Fixtures.http(ProblemCode.SECRET_EXPIRY_NOT_ALLOWED));
        assertThat(vm.requestErrorProperty().get()).startsWith("The gateway refused the request.");
    }

    @Test
    void policyFailureStillAllowsFollowingThePolicy() {
        NewSecretViewModel vm = model(ExpiryPolicy.FOLLOW_DOMAIN, 0, Fixtures.all());
        vm.policyFailed(Fixtures.offline());
        assertThat(vm.expiryChoices()).hasSize(1);
        assertThat(vm.expiryChoices().getFirst().kind()).isEqualTo(Kind.POLICY);
        vm.descriptionProperty().set("prod");
        assertThat(vm.canGenerateBinding().get()).isTrue();
    }

    @Test
    void aBackendWithoutMultipleSecretsAllowsOne() {
        NewSecretViewModel vm = model(ExpiryPolicy.FOLLOW_DOMAIN, 1,
                Fixtures.without(Capabilities.Feature.MULTIPLE_SECRETS));
        vm.policyLoaded(null);
        assertThat(vm.atLimitBinding().get()).isTrue();
    }

    @Test
    void aDateTypedAsIsoIsTakenAndOneThatIsNoDateIsSaidNotDropped() {
        // Issue 19: "2026-12-07" typed into the date field was silently dropped; only "12/7/2026" worked.
        NewSecretViewModel vm = ready(1);
        vm.descriptionProperty().set("prod");
        vm.selectedExpiryProperty().set(vm.expiryChoices().stream().filter(c -> c.kind() == Kind.DATE)
                .findFirst().orElseThrow());
        vm.dateTyped(TODAY.plusDays(30).toString());
        assertThat(vm.expiryDateProperty().get()).isEqualTo(TODAY.plusDays(30));
        assertThat(vm.expiryErrorBinding().get()).isEmpty();

        vm.dateTyped("next friday");
        assertThat(vm.expiryDateProperty().get()).isNull();
        assertThat(vm.expiryErrorBinding().get()).startsWith("“next friday” is not a date: type it as YYYY-MM-DD");
        assertThat(vm.canGenerateBinding().get()).isFalse();
    }
}
