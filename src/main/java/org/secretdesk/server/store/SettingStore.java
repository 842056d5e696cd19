package org.secretdesk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Named settings ({@code settings}): the domain secret policy, the scheduler's last run. */
public final class SettingStore {

    SettingStore() {
    }

    public Optional<String> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE settings SET setting_value = ? WHERE name = ?")) {
            up.setString(1, value);
            up.setString(2, name);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
            ins.setString(1, name);
            ins.setString(2, value);
            ins.executeUpdate();
        }
    }
}
