package app.citas.platform;

/**
 * JMX view {@code citas:type=Database}: SQL statements Hibernate has sent, sessions the requests have opened and
 * transactions Hibernate has begun, since start.
 */
public interface DatabaseStatsMBean {
    long getSqlStatementCount();

    long getSessionCount();

    long getTransactionCount();
}
