package org.secretdesk.server.http;

/** A response computed inside a transaction, so an idempotent request can store and replay it. */
record ApiResponse(int status, byte[] body, String location, String etag) {
}
