package app.citas.account;

public enum Role {
    USER, STAFF
}
