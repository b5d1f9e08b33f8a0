package dev.sightline.demo.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;

/**
 * The warehouse database: an in-memory H2 over JDBC with a stock table. An outage is simulated at the
 * connection, where a real one shows: while {@link #setDown down}, every connect fails as an unreachable
 * server would, so queries and the readiness check fail together.
 */
public final class Warehouse {
  private static final String URL = "jdbc:h2:mem:warehouse;DB_CLOSE_DELAY=-1";
  private volatile boolean down;

  private Warehouse() {
  }

  /** Creates and fills the stock table. */
  public static Warehouse open() throws SQLException {
    Warehouse w = new Warehouse();
    try (Connection c = w.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(32) PRIMARY KEY, quantity INT NOT NULL)");
      for (int i = 1; i <= 50; i++) {
        s.execute("MERGE INTO stock KEY (sku) VALUES ('SKU-" + i + "', " + (i * 7 % 120) + ")");
      }
    }
    return w;
  }

  /** Units in stock for {@code sku} (0 when unknown). */
  public int quantity(String sku) throws SQLException {
    try (Connection c = connect(); PreparedStatement q = c.prepareStatement("SELECT quantity FROM stock WHERE sku = ?")) {
      q.setString(1, sku);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** The readiness check: a trivial query. */
  public void ping() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }

  public boolean isDown() {
    return down;
  }

  public void setDown(boolean down) {
    this.down = down;
  }

  private Connection connect() throws SQLException {
    if (down) {
      throw new SQLTransientConnectionException("warehouse database unreachable: connection refused", "08001");
    }
    return DriverManager.getConnection(URL, "sa", "");
  }
}
