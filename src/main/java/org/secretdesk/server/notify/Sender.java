package org.secretdesk.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** Delivers one event to one channel, or says why it could not. */
interface Sender {

    /** How long one delivery may take before it counts as failed. */
    Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param event      the event (as queued)
     * @param payload    its JSON text, exactly as the webhook sends and signs it
     * @param credential the channel's credential (null when it has none); the caller wipes it afterwards
     * @throws DeliveryException with a message that names no credential and no value
     */
    void send(ObjectNode settings, JsonNode event, String payload, byte[] credential) throws DeliveryException;

    /** A failed delivery: what went wrong, in words safe for the log and the deliveries record. */
    final class DeliveryException extends Exception {
        DeliveryException(String message) {
            super(message, null, false, false);
        }
    }
}
