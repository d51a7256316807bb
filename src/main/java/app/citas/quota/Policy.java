package app.citas.quota;


/** The quota policies of the contract, named as in the RateLimit headers. */
enum Policy {
    ANON("anon"), USER("user"), STAFF("staff");

    final String label;

    Policy(String label) {
        this.label = label;
    }

    int limitPerHour(QuotaSettings settings) {
        return switch (this) {
            case ANON -> settings.anonymousPerHour();
            case USER -> settings.userPerHour();
            case STAFF -> settings.staffPerHour();
        };
    }
}
