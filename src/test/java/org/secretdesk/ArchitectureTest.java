package org.secretdesk;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.Serializable;
import java.util.Set;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of architecture.md, checked on the main classes:
 * {@code model <- pki <- client <- desk <- ui}, {@code model <- pki <- server}, {@code cli -> desk, server, client};
 * {@code cli} reaches {@code ui} only to launch the console; {@code ui} reaches the server only through
 * {@code server.embedded}; nothing depends on {@code cli}; no cycles between {@code ui.*} packages; no
 * {@code javafx.scene} in a ViewModel. Packages that do not exist yet are allowed to be empty.
 */
class ArchitectureTest {

    private static final String MODEL = "org.secretdesk.model..";
    private static final String PKI = "org.secretdesk.pki..";
    private static final String CLIENT = "org.secretdesk.client..";
    private static final String SERVER = "org.secretdesk.server..";
    private static final String EMBEDDED = "org.secretdesk.server.embedded..";
    private static final String DESK = "org.secretdesk.desk..";
    private static final String UI = "org.secretdesk.ui..";
    /** The one class of {@code ui} the command line may use: it launches the console. */
    private static final String CONSOLE_LAUNCHER = "org.secretdesk.ui.SecretDeskApp";
    private static final String CLI = "org.secretdesk.cli..";

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.secretdesk");
    }

    @Test
    void theImportSeesTheMainClasses() {
        // Guards the other rules against passing on an empty import.
        assertContains("org.secretdesk.model.SecretValue");
        assertContains("org.secretdesk.cli.Main");
        assertContains("org.secretdesk.server.GatewayServer");
        assertContains("org.secretdesk.desk.connections.Connections");
        assertContains("org.secretdesk.ui.mainwindow.MainWindowViewModel");
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("model").definedBy(MODEL)
                .layer("pki").definedBy(PKI)
                .layer("client").definedBy(CLIENT)
                .layer("server").definedBy(resideInAPackage(SERVER).and(not(resideInAPackage(EMBEDDED)))
                        .as("org.secretdesk.server.. except server.embedded"))
                .layer("embedded gateway facade").definedBy(EMBEDDED)
                .layer("desk").definedBy(DESK)
                .layer("ui").definedBy(UI)
                .layer("cli").definedBy(CLI)

                .whereLayer("model").mayNotAccessAnyLayer()
                .whereLayer("pki").mayOnlyAccessLayers("model")
                .whereLayer("client").mayOnlyAccessLayers("model", "pki")
                .whereLayer("server").mayOnlyAccessLayers("model", "pki")
                .whereLayer("embedded gateway facade").mayOnlyAccessLayers("model", "pki", "server")
                .whereLayer("desk").mayOnlyAccessLayers("model", "pki", "client")
                .whereLayer("ui").mayOnlyAccessLayers("model", "pki", "client", "desk", "embedded gateway facade")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .because("architecture.md: model <- pki <- client <- desk <- ui, model <- pki <- server, "
                        + "cli -> desk, server, client; ui starts the embedded gateway through server.embedded only")
                .check(mainClasses);
    }

    @Test
    void theModelDoesNoIo() {
        DescribedPredicate<JavaClass> io = resideInAnyPackage("java.net..", "java.sql..", "javax.sql..",
                "java.nio.file..", "java.nio.channels..", "javafx..")
                .or(resideInAPackage("java.io").and(not(type(Serializable.class))))
                .as("I/O, network, SQL or JavaFX classes");
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat(io)
                .because("the model is shared records and rules, with no I/O")
                .check(mainClasses);
    }

    @Test
    void theCommandLineReachesTheUiOnlyToLaunchTheConsole() {
        noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat(resideInAPackage(UI).and(not(name(CONSOLE_LAUNCHER))))
                .because("the command line uses the application services in desk; the ui only to launch the console")
                .check(mainClasses);
    }

    @Test
    void noCyclesBetweenUiPackages() {
        slices().matching("org.secretdesk.ui.(*)..")
                .should().beFreeOfCycles()
                .because("each ui package is one window or feature; common parts go to ui.common")
                .check(mainClasses);
    }

    @Test
    void viewModelsTouchNoControls() {
        classes().that().haveNameMatching(".*ViewModel(\\$.*)?").and().resideInAPackage(UI)
                .should().onlyDependOnClassesThat(not(resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "org.controlsfx..", "atlantafx..", "org.kordamp.ikonli..")))
                .because("a ViewModel holds state and rules and is tested without the toolkit; Views bind to it")
                .check(mainClasses);
    }

    @Test
    void onlyTheUiUsesJavaFx() {
        noClasses().that().resideInAnyPackage(MODEL, PKI, CLIENT, DESK, SERVER)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..",
                        "atlantafx..", "org.kordamp.ikonli..")
                .because("the gateway and the clients run without JavaFX")
                .check(mainClasses);
    }

    @Test
    void trustManagersAndHostnameVerifiersAreWrittenOnlyInPki() {
        noClasses().that().resideOutsideOfPackage(PKI)
                .should().beAssignableTo(TrustManager.class)
                .orShould().beAssignableTo(HostnameVerifier.class)
                .because("certificate trust is decided in one audited place; never a trust-all manager")
                .check(mainClasses);
    }

    @Test
    void hostnameVerificationIsNeverReplacedOutsidePki() {
        // A lambda HostnameVerifier has no class of its own; catch it where it is installed.
        Set<String> installers = Set.of("hostnameVerifier", "setHostnameVerifier", "setDefaultHostnameVerifier");
        noClasses().that().resideOutsideOfPackage(PKI)
                .should().callMethodWhere(DescribedPredicate.describe("installs a HostnameVerifier",
                        (JavaMethodCall call) -> installers.contains(call.getName())))
                .check(mainClasses);
    }

    private static void assertContains(String className) {
        if (!mainClasses.contain(className)) {
            throw new AssertionError("ArchUnit did not import " + className);
        }
    }
}
