package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.secretdesk.model.Role;

/** The role catalog ({@code roles}). */
public final class RoleStore {

    RoleStore() {
    }

    public List<Role> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, description FROM roles ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<Role> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Role(rs.getString(1), rs.getString(2)));
            }
            return out;
        }
    }

    public void replace(Connection c, List<Role> roles) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM roles")) {
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO roles (name, description) VALUES (?, ?)")) {
            for (Role r : roles) {
                ps.setString(1, r.name());
                ps.setString(2, r.description());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
