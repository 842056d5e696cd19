package org.secretdesk.client.secretdesk;

import static org.secretdesk.client.secretdesk.SecretDeskClient.id;

import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.secretdesk.client.ChannelSpec;
import org.secretdesk.client.SegmentScrub;
import org.secretdesk.model.CalendarToken;
import org.secretdesk.model.Channel;
import org.secretdesk.model.ChannelDelivery;
import org.secretdesk.model.IssuedCalendarToken;
import org.secretdesk.model.SecretValue;

/**
 * The SecretDesk client's calls for notification channels and the calendar feed's tokens (issue 23,
 * docs/notifications.md), through {@link SecretDeskClient}'s requests. A channel's credential is written into a
 * body of its own, wiped after the call; an issued feed URL is read into a wipeable value and its answer wiped.
 */
final class SecretDeskChannels {

    private static final String CHANNELS = "api/v1/channels";
    private static final String TOKENS = "api/v1/calendar/tokens";

    private final SecretDeskClient client;
    private final SecretDeskJson json;

    SecretDeskChannels(SecretDeskClient client, SecretDeskJson json) {
        this.client = client;
        this.json = json;
    }

    List<Channel> list() {
        return client.read(client.get(client.url(CHANNELS)), ChannelJson::channels);
    }

    Channel get(String channelId) {
        return client.read(client.get(client.url(CHANNELS, id(channelId))), ChannelJson::channel);
    }

    Channel create(ChannelSpec spec, SecretValue credential) {
        Objects.requireNonNull(spec, "spec");
        return send(client.url(CHANNELS), "POST", spec, credential, null, true);
    }

    Channel update(String channelId, ChannelSpec spec, SecretValue credential, long expectedVersion) {
        Objects.requireNonNull(spec, "spec");
        return send(client.url(CHANNELS, id(channelId)), "PATCH", spec, credential,
                SecretDeskClient.ifMatch(expectedVersion), false);
    }

    private Channel send(HttpUrl url, String method, ChannelSpec spec, SecretValue credential, String ifMatch,
                         boolean create) {
        byte[] plain = json.write(ChannelJson.spec(json.object(), spec, create));
        byte[] body = credential == null ? plain : ChannelJson.withCredential(plain, credential);
        try {
            Request.Builder request = client.request(url).method(method,
                    RequestBody.create(body, SecretDeskClient.JSON));
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            return client.read(request.build(), ChannelJson::channel);
        } finally {
            if (credential != null) {
                java.util.Arrays.fill(body, (byte) 0);
                SegmentScrub.scrubThisThreadsSegments(); // the body also went through okio's segment pool
            }
        }
    }

    void delete(String channelId) {
        client.expectSuccess(client.call(client.request(client.url(CHANNELS, id(channelId))).delete().build(),
                false));
    }

    ChannelDelivery test(String channelId) {
        return client.read(client.post(client.url(CHANNELS, id(channelId), "test"), json.empty()).build(),
                ChannelJson::delivery);
    }

    List<ChannelDelivery> deliveries(String channelId, int limit) {
        HttpUrl.Builder url = client.url(CHANNELS, id(channelId), "deliveries").newBuilder();
        SecretDeskClient.paging(url, limit, null);
        return client.read(client.get(url.build()), ChannelJson::deliveries);
    }

    List<CalendarToken> calendarTokens() {
        return client.read(client.get(client.url(TOKENS)), ChannelJson::calendarTokens);
    }

    IssuedCalendarToken issueCalendarToken(String name) {
        byte[] body = json.write(json.object().put("name", name == null || name.isBlank() ? "Calendar" : name));
        SecretDeskCalls.Reply reply = client.call(client.post(client.url(TOKENS), body).build(), false);
        try {
            return client.parse(reply, bytes -> {
                var node = json.tree(bytes);
                return new IssuedCalendarToken(ChannelJson.calendarToken(node), ChannelJson.feedUrl(node));
            });
        } finally {
            reply.wipe();
            SegmentScrub.scrubThisThreadsSegments();
        }
    }

    void revokeCalendarToken(String tokenId) {
        client.expectSuccess(client.call(client.request(client.url(TOKENS, id(tokenId))).delete().build(), false));
    }
}
