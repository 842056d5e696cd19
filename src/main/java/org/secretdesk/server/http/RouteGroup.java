package org.secretdesk.server.http;

/** The routes of one resource. A new resource is a new group, added to {@link ApiRoutes}'s list. */
interface RouteGroup {

    void register(Router router);
}
