package app.citas.platform;

/** JMX view {@code citas:type=Database}: SQL statements and transactions Hibernate has sent and begun since start. */
public interface DatabaseStatsMBean {
    long getSqlStatementCount();

    long getTransactionCount();
}
