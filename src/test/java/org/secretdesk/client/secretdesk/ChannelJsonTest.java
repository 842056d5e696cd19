package org.secretdesk.client.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secretdesk.client.ChannelSpec;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelEvent;
import org.secretdesk.model.ChannelSettings;
import org.secretdesk.model.SecretValue;

/** A channel's request body: the credential spliced in as a JSON string, escaped, beside the other fields. */
class ChannelJsonTest {

    private final SecretDeskJson json = new SecretDeskJson();

    private byte[] body(Channel.Kind kind, ChannelSettings settings) {
        return json.write(ChannelJson.spec(json.object(), new ChannelSpec("Chat ops", kind, true,
                List.of(ChannelEvent.SECRET_EXPIRING), settings), true));
    }

    @Test
    void theCredentialIsEscapedAndTheOtherFieldsStay() throws Exception {
        String credential = "quote\" back\\slash \u0001 ünïcode €";
        byte[] out = ChannelJson.withCredential(body(Channel.Kind.WEBHOOK,
                ChannelSettings.webhook("https://hooks.example.com/x", null)), SecretValue.copyOf(credential));
        JsonNode node = new ObjectMapper().readTree(out);
        assertThat(node.path("credential").asText()).isEqualTo(credential);
        assertThat(node.path("name").asText()).isEqualTo("Chat ops");
        assertThat(node.path("kind").asText()).isEqualTo("WEBHOOK");
        assertThat(node.path("settings").path("url").asText()).isEqualTo("https://hooks.example.com/x");
        assertThat(node.path("events").get(0).asText()).isEqualTo("SECRET_EXPIRING");
        assertThat(node.size()).isEqualTo(6);
    }

    @Test
    void anEmptyObjectGetsTheCredentialAlone() throws Exception {
        byte[] out = ChannelJson.withCredential("{}".getBytes(StandardCharsets.US_ASCII), SecretValue.copyOf("k"));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"credential\":\"k\"}");
    }

    @Test
    void onlyTheKindsSettingsAreSent() throws Exception {
        JsonNode syslog = new ObjectMapper().readTree(body(Channel.Kind.SYSLOG, new ChannelSettings(
                "https://ignored", "siem.example.com", 601, "TLS", "user", null, List.of(), null, null, "TCP", "CEF",
                null, null)));
        assertThat(syslog.path("settings").toString()).isEqualTo(
                "{\"host\":\"siem.example.com\",\"port\":601,\"transport\":\"TCP\",\"format\":\"CEF\"}");
    }

    @Test
    void aKindOrStateThisConsoleDoesNotKnowIsAProtocolViolationNamingIt() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThatThrownBy(() -> ChannelJson.channel(mapper.readTree("{\"kind\":\"PAGER\"}")))
                .isInstanceOf(ProtocolViolation.class).hasMessage("unknown channel kind");
        assertThatThrownBy(() -> ChannelJson.delivery(mapper.readTree("{\"state\":\"LOST\"}")))
                .isInstanceOf(ProtocolViolation.class).hasMessage("unknown delivery state");
        assertThatThrownBy(() -> ChannelJson.delivery(mapper.readTree("{\"state\":7}")))
                .isInstanceOf(ProtocolViolation.class).hasMessage("state is not a string");
        assertThat(ChannelJson.delivery(mapper.readTree("{\"id\":\"d1\",\"eventType\":\"secret.expiring\","
                + "\"state\":\"DELIVERED\",\"createdAt\":\"2026-12-07T10:00:00Z\"}")).state())
                .isEqualTo(org.secretdesk.model.ChannelDelivery.State.DELIVERED);
    }
}
