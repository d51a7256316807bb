package app.citas.catalog;

public enum ResourceKind {
    STAFF, ROOM, EQUIPMENT
}
