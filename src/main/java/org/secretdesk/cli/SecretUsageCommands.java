package org.secretdesk.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.secretdesk.client.Capabilities;
import org.secretdesk.client.GatewayClient;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Application;
import org.secretdesk.model.IsoDurations;
import org.secretdesk.model.PreviousValue;
import org.secretdesk.model.SecretSummary;
import org.secretdesk.model.SecretUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code secretdesk secrets usage|end-grace|stale}: who still uses which value of a secret, ending a grace period,
 * and the secrets nobody uses (issue 21). Backends without usage data say so (exit 1).
 */
final class SecretUsageCommands {

    private SecretUsageCommands() {
    }

    @Command(name = "usage", mixinStandardHelpOptions = true,
            description = {"Shows how each secret of an application is used: last use, client address, uses in the",
                    "last 24 hours, and during a grace period the same for the previous value."})
    static final class Usage extends AppCommand {

        @Override
        int run(GatewayClient client) throws IOException {
            if (!client.capabilities().supports(Capabilities.Feature.USAGE)) {
                throw new UnsupportedOperationException(client.capabilities().explain(Capabilities.Feature.USAGE));
            }
            Application a = application(client, app);
            List<SecretSummary> secrets = allSecrets(client, a.id());
            print(this, client, secrets, false);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "end-grace", mixinStandardHelpOptions = true,
            description = "Ends a secret's grace period now: its previous value is refused from then on.")
    static final class EndGrace extends SecretCommand {

        @Override
        int run(GatewayClient client) throws IOException {
            Application a = application(client, app);
            SecretSummary s = secret(client, a, description);
            SecretSummary after = client.endGrace(a.id(), s.id(), s.version());
            if (json) {
                print(this, client, List.of(after), false);
            } else {
                err().println("Ended the grace period of \"" + s.description() + "\" of \"" + a.name()
                        + "\": its previous value no longer works.");
                err().flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "stale", mixinStandardHelpOptions = true,
            description = {"Lists the secrets of every application not used for N days (never-used ones counted",
                    "from their creation)."})
    static final class Stale extends ClientCommand {

        @Option(names = "--days", paramLabel = "N", required = true, description = "Unused for at least N days.")
        int days;

        @Override
        void validate() {
            if (days < 0 || days > 36_500) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--days must be from 0 to 36500");
            }
        }

        @Override
        int run(GatewayClient client) throws IOException {
            Instant since = Instant.now().minus(Duration.ofDays(days));
            print(this, client, all(cursor -> client.listUnusedSecrets(since, 500, cursor)), true);
            return Main.EXIT_OK;
        }
    }

    /** The secrets with their use, as a table or (--json) an array. */
    static void print(ClientCommand cmd, GatewayClient client, List<SecretSummary> secrets,
                      boolean withApplication) throws IOException {
        PrintWriter out = cmd.out();
        if (cmd.json) {
            cmd.printJsonArray(secrets, SecretUsageCommands::write);
            return;
        }
        Map<String, String> names = withApplication ? new HashMap<>() : Map.of();
        String format = (withApplication ? "%-24s " : "%s") + "%-24s %-22s %-18s %8s  %s%n";
        out.printf(format, withApplication ? "APPLICATION" : "", "DESCRIPTION", "LAST USED", "FROM", "USES 24H",
                "PREVIOUS VALUE");
        for (SecretSummary s : secrets) {
            SecretUsage u = s.usage() == null ? SecretUsage.NONE : s.usage();
            out.printf(format, withApplication ? applicationName(client, names, s.applicationId()) : "", s.description(),
                    u.lastUsedAt() == null ? (s.lastUsedAt() == null ? "never" : s.lastUsedAt().toString())
                            : u.lastUsedAt().toString(), dash(u.lastUsedFrom()), u.uses24h(), previous(s.previous()));
        }
        out.flush();
    }

    private static String applicationName(GatewayClient client, Map<String, String> names, String id) {
        return names.computeIfAbsent(id, k -> {
            try {
                return client.getApplication(k).name();
            } catch (GatewayException e) {
                return k; // deleted meanwhile: its id still says which one
            }
        });
    }

    private static String previous(PreviousValue p) {
        if (p == null) {
            return "-";
        }
        SecretUsage u = p.usage();
        String use = u == null ? "no usage data" : u.lastUsedAt() == null ? "not used since the renew"
                : "last used " + u.lastUsedAt() + " from " + dash(u.lastUsedFrom()) + ", " + u.uses24h()
                + " uses in 24 h";
        return "valid until " + p.graceUntil() + "; " + use
                + (p.retireAfterQuiet() == null ? "" : "; retired after " + IsoDurations.format(p.retireAfterQuiet())
                + " unused");
    }

    private static void write(JsonGenerator g, SecretSummary s) throws IOException {
        g.writeStartObject();
        ClientCommand.writeSecretFields(g, s);
        g.writeStringField("graceUntil", iso(s.graceUntil()));
        g.writeFieldName("usage");
        usage(g, s.usage());
        g.writeFieldName("previous");
        if (s.previous() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("graceUntil", iso(s.previous().graceUntil()));
            g.writeStringField("retireAfterQuiet", s.previous().retireAfterQuiet() == null ? null
                    : IsoDurations.format(s.previous().retireAfterQuiet()));
            g.writeFieldName("usage");
            usage(g, s.previous().usage());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void usage(JsonGenerator g, SecretUsage u) throws IOException {
        if (u == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("lastUsedAt", iso(u.lastUsedAt()));
        g.writeStringField("lastUsedFrom", u.lastUsedFrom());
        g.writeNumberField("uses24h", u.uses24h());
        g.writeNumberField("usesThisHour", u.usesThisHour());
        g.writeEndObject();
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
