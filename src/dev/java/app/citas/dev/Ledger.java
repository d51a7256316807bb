package app.citas.dev;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What the database holds for a set of resources: the counts the fault tests and the soak compare with the 201s. */
public final class Ledger {
    private Ledger() {
    }

    /** Appointments of any status on these resources. */
    public static long appointments(Connection db, Collection<Long> resourceIds) throws SQLException {
        return count(db, "select count(*) from appointments where resource_id = any(?)", ids(db, resourceIds));
    }

    /** Of these appointment ids, how many exist and are confirmed. */
    public static long confirmed(Connection db, Collection<Long> appointmentIds) throws SQLException {
        return count(db, "select count(*) from appointments where id = any(?) and status = 'CONFIRMED'",
                ids(db, appointmentIds));
    }

    /** Of these appointment ids, the confirmed ones, each with its resource's id. */
    public static Map<Long, Long> confirmedResources(Connection db, Collection<Long> appointmentIds)
            throws SQLException {
        Map<Long, Long> found = new HashMap<>();
        try (var query = db.prepareStatement("select id, resource_id from appointments where id = any(?) "
                + "and status = 'CONFIRMED'")) {
            query.setArray(1, ids(db, appointmentIds));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return found;
    }

    /** Pairs of live appointments that overlap on one of these resources (the exclusion constraint's job, checked). */
    public static long overlaps(Connection db, Collection<Long> resourceIds) throws SQLException {
        return count(db, "select count(*) from appointments a join appointments b "
                + "on a.resource_id = b.resource_id and a.id < b.id and a.status <> 'CANCELLED' "
                + "and b.status <> 'CANCELLED' and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) "
                + "where a.resource_id = any(?)", ids(db, resourceIds));
    }

    private static Array ids(Connection db, Collection<Long> ids) throws SQLException {
        return db.createArrayOf("bigint", ids.toArray());
    }

    private static long count(Connection db, String sql, Array parameter) throws SQLException {
        try (var query = db.prepareStatement(sql)) {
            query.setArray(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
