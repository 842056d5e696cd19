package org.secretdesk.server;

/** Who made a request: the admin key's name and role, and the remote address (for the audit log). */
public record Actor(String name, AdminKeySpec.Role role, String remoteAddress) {

    public static Actor system() {
        return new Actor("system", AdminKeySpec.Role.ADMIN, null);
    }
}
