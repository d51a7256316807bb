package app.citas.platform;

final class DatabaseStats implements DatabaseStatsMBean {
    private final SqlStatementCounter counter;

    DatabaseStats(SqlStatementCounter counter) {
        this.counter = counter;
    }

    @Override
    public long getSqlStatementCount() {
        return counter.count();
    }
}
