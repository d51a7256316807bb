package app.citas.booking;

public enum AppointmentStatus {
    CONFIRMED, CANCELLED, COMPLETED, NO_SHOW
}
