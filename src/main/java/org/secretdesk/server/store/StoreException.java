package org.secretdesk.server.store;

import java.sql.SQLException;

/** A database failure. The HTTP layer logs it and answers 500 with a request id only. */
public final class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("Database error (SQLState " + cause.getSQLState() + ")", cause);
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    /** True for a unique-constraint violation (SQLState class 23, H2 23505 / PostgreSQL 23505). */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlException().getSQLState());
    }
}
