package org.secretdesk.client;

/** A live event stream; closing it stops the stream. */
public interface EventSubscription extends AutoCloseable {

    @Override
    void close();
}
