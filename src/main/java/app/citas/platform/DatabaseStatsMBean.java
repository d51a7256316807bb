package app.citas.platform;

/** JMX view {@code citas:type=Database}: SQL statements Hibernate has sent since start. */
public interface DatabaseStatsMBean {
    long getSqlStatementCount();
}
