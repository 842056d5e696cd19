package org.secretdesk.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

/** The rules of Add/Edit channel (issue 23), without the toolkit. */
class ChannelFormViewModelTest {

    private static final String KEY = "a-signing-key-of-24-chars";

    private static void type(ChannelFormViewModel vm, String secret) {
        vm.credential().replace(0, vm.credential().length(), secret);
    }

    @Test
    void aNewWebhookNeedsANameAnHttpsUrlAndASigningKeyOfSixteenCharacters() {
        ChannelFormViewModel vm = new ChannelFormViewModel();
        assertThat(vm.kind().get()).isEqualTo(Channel.Kind.WEBHOOK);
        assertThat(vm.events()).containsExactlyInAnyOrderElementsOf(ChannelEvent.defaults(Channel.Kind.WEBHOOK));
        assertThat(vm.valid().get()).isFalse();
        assertThat(vm.nameError().get()).as("a fresh form is not all red").isEmpty();
        assertThat(vm.urlError().get()).isEmpty();
        vm.name().set("x");
        vm.name().set("");
        assertThat(vm.nameError().get()).isEqualTo("Name is required.");

        vm.name().set("Chat ops");
        vm.url().set("http://hooks.example.com/x");
        assertThat(vm.urlError().get()).contains("https://");
        vm.url().set("https://user:pw@hooks.example.com/x");
        assertThat(vm.urlError().get()).contains("no user name or password");
        vm.url().set("https://hooks.example.com/secretdesk");
        assertThat(vm.urlError().get()).isEmpty();

        type(vm, "short");
        assertThat(vm.credentialError().get()).contains("at least 16 characters");
        assertThat(vm.begin()).as("nothing is sent while a field is wrong").isEmpty();
        type(vm, KEY);
        assertThat(vm.credentialError().get()).isEmpty();
        assertThat(vm.credentialNote().get()).as("a new channel has nothing to keep").isEmpty();
        assertThat(vm.valid().get()).isTrue();

        ChannelFormViewModel.Request request = vm.begin().orElseThrow();
        assertThat(vm.submission().isBusy()).isTrue();
        assertThat(request.spec().name()).isEqualTo("Chat ops");
        assertThat(request.spec().settings().url()).isEqualTo("https://hooks.example.com/secretdesk");
        assertThat(request.credential().sameAs(KEY)).isTrue();
        assertThat(request.toString()).doesNotContain(KEY);
        request.credential().destroy();

        vm.succeeded();
        assertThat(vm.credential().length()).as("the typed key is wiped once saved").isZero();
        assertThat(vm.submission().isBusy()).isFalse();
    }

    @Test
    void anEmailChannelChecksEveryFieldAndAsksForThePasswordOnlyWithAUser() {
        ChannelFormViewModel vm = new ChannelFormViewModel();
        vm.kind().set(Channel.Kind.EMAIL);
        vm.name().set("Owners by mail");
        vm.host().set(" ");
        vm.from().set("x");
        assertThat(vm.hostError().get()).contains("required");
        assertThat(vm.fromError().get()).contains("e-mail address");
        assertThat(vm.urlError().get()).as("no URL for e-mail").isEmpty();
        vm.host().set("smtp example com");
        assertThat(vm.hostError().get()).contains("host name");
        vm.host().set("smtp.example.com");
        vm.port().set("70000");
        assertThat(vm.portError().get()).contains("1 to 65535");
        vm.port().set("x");
        assertThat(vm.portError().get()).contains("1 to 65535");
        vm.port().set("");
        assertThat(vm.portError().get()).as("empty: the default").isEmpty();
        assertThat(vm.defaultPort()).isEqualTo("587");
        vm.security().set("TLS");
        assertThat(vm.defaultPort()).isEqualTo("465");
        vm.from().set("secretdesk@example.com");
        vm.to().set("it-ops@example.com, not-an-address");
        assertThat(vm.toError().get()).contains("not-an-address");
        vm.to().set("it-ops@example.com; sec@example.com");
        assertThat(vm.toError().get()).isEmpty();
        assertThat(vm.credentialError().get()).as("no user, no password").isEmpty();
        vm.username().set("mailer");
        assertThat(vm.credentialError().get()).contains("password is required");
        type(vm, "smtp-pass");
        assertThat(vm.valid().get()).isTrue();

        ChannelFormViewModel.Request request = vm.begin().orElseThrow();
        ChannelSettings s = request.spec().settings();
        assertThat(s.host()).isEqualTo("smtp.example.com");
        assertThat(s.port()).isNull();
        assertThat(s.security()).isEqualTo("TLS");
        assertThat(s.username()).isEqualTo("mailer");
        assertThat(s.to()).containsExactly("it-ops@example.com", "sec@example.com");
        assertThat(s.toOwners()).isTrue();
        assertThat(request.credential().sameAs("smtp-pass")).isTrue();
    }

    @Test
    void aSyslogChannelTakesNoCredentialAndAtLeastOneEvent() {
        ChannelFormViewModel vm = new ChannelFormViewModel();
        vm.kind().set(Channel.Kind.SYSLOG);
        assertThat(vm.events()).containsExactlyInAnyOrderElementsOf(ChannelEvent.defaults(Channel.Kind.SYSLOG));
        vm.name().set("SIEM");
        vm.host().set("siem.example.com");
        vm.port().set("601");
        vm.transport().set("TCP");
        vm.format().set("CEF");
        type(vm, "typed but not used");
        assertThat(vm.credentialError().get()).isEmpty();
        vm.events().clear();
        assertThat(vm.eventsError().get()).isEqualTo("Choose at least one event.");
        assertThat(vm.valid().get()).isFalse();
        vm.events().add(ChannelEvent.AUDIT);
        vm.caCertificate().set("not a certificate");
        assertThat(vm.caError().get()).contains("PEM");
        vm.caCertificate().set("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        ChannelFormViewModel.Request request = vm.begin().orElseThrow();
        assertThat(request.credential()).as("syslog sends no credential").isNull();
        assertThat(request.spec().settings().port()).isEqualTo(601);
        assertThat(request.spec().settings().transport()).isEqualTo("TCP");
        assertThat(request.spec().settings().format()).isEqualTo("CEF");
        assertThat(request.spec().events()).containsExactly(ChannelEvent.AUDIT);
    }

    private static Channel webhook(boolean credentialSet) {
        return new Channel("ch_1", "Chat ops", Channel.Kind.WEBHOOK, true, List.of(ChannelEvent.SECRET_EXPIRING),
                ChannelSettings.webhook("https://hooks.example.com/x", null), credentialSet, Instant.EPOCH,
                Instant.EPOCH, 3);
    }

    @Test
    void editingKeepsTheStoredKeyUnlessANewOneIsTypedAndNeverShowsIt() {
        ChannelFormViewModel vm = new ChannelFormViewModel(webhook(true));
        assertThat(vm.isEdit()).isTrue();
        assertThat(vm.name().get()).isEqualTo("Chat ops");
        assertThat(vm.url().get()).isEqualTo("https://hooks.example.com/x");
        assertThat(vm.events()).containsExactly(ChannelEvent.SECRET_EXPIRING);
        assertThat(vm.credential().length()).as("the stored key is never shown back").isZero();
        assertThat(vm.credentialNote().get()).isEqualTo(ChannelFormViewModel.UNCHANGED);
        assertThat(vm.valid().get()).isTrue();
        vm.kind().set(Channel.Kind.WEBHOOK);
        ChannelFormViewModel.Request keep = vm.begin().orElseThrow();
        assertThat(keep.credential()).as("unchanged: not sent").isNull();
        vm.submission().succeeded();

        type(vm, "too short");
        assertThat(vm.credentialNote().get()).isEmpty();
        assertThat(vm.credentialError().get()).contains("16");
        type(vm, KEY);
        ChannelFormViewModel.Request replace = vm.begin().orElseThrow();
        assertThat(replace.credential().sameAs(KEY)).isTrue();
        assertThat(vm.expectedVersion()).isEqualTo(3);
    }

    @Test
    void aConflictKeepsEverythingTypedSaysSoAndTheNextSaveIsAgainstTheNewVersion() {
        ChannelFormViewModel vm = new ChannelFormViewModel(webhook(true));
        vm.name().set("Chat ops (new)");
        type(vm, KEY);
        vm.begin().orElseThrow().credential().destroy();
        boolean reread = vm.failed(GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, "stale")));
        assertThat(reread).isTrue();
        assertThat(vm.staleProperty().get()).isTrue();
        assertThat(vm.submission().errorProperty().get()).contains("Someone else changed this channel")
                .contains("What you typed is kept");
        assertThat(vm.name().get()).isEqualTo("Chat ops (new)");
        assertThat(vm.credential().length()).isEqualTo(KEY.length());
        assertThat(vm.submission().isBusy()).isFalse();

        vm.rebase(new Channel("ch_1", "Renamed elsewhere", Channel.Kind.WEBHOOK, true, List.of(),
                ChannelSettings.EMPTY, true, Instant.EPOCH, Instant.EPOCH, 4));
        assertThat(vm.expectedVersion()).isEqualTo(4);
        assertThat(vm.name().get()).as("their change does not overwrite the form").isEqualTo("Chat ops (new)");

        vm.close();
        assertThat(vm.credential().length()).as("closing wipes the typed key").isZero();
    }

    @Test
    void otherFailuresAreSaidWithoutLosingTheForm() {
        ChannelFormViewModel vm = new ChannelFormViewModel();
        vm.name().set("Chat ops");
        vm.url().set("https://hooks.example.com/x");
        type(vm, KEY);
        vm.begin().orElseThrow().credential().destroy();
        assertThat(vm.failed(GatewayException.http(Problem.of(ProblemCode.VALIDATION_FAILED, "settings.url is wrong"))))
                .isFalse();
        assertThat(vm.submission().errorProperty().get()).isNotEmpty();
        assertThat(vm.url().get()).isEqualTo("https://hooks.example.com/x");
        assertThat(vm.credential().length()).isEqualTo(KEY.length());
        assertThat(vm.staleProperty().get()).isFalse();
    }
}
