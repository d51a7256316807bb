package app.citas.platform;

final class DatabaseStats implements DatabaseStatsMBean {
    private final Database database;

    DatabaseStats(Database database) {
        this.database = database;
    }

    @Override
    public long getSqlStatementCount() {
        return database.statementCounter().count();
    }

    @Override
    public long getSessionCount() {
        return database.sessionCount();
    }

    @Override
    public long getTransactionCount() {
        return database.transactionCount();
    }
}
