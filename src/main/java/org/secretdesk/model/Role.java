package org.secretdesk.model;

public record Role(String name, String description) {
}
