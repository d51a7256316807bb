package app.citas.booking;

import app.citas.catalog.ServiceRules;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;

/**
 * A booking. Its service, resource and customer belong to other features and are held by id (the database's foreign
 * keys and exclusion constraints still guard them); what booking needs of them it asks those features for.
 */
@Entity
@Table(name = "appointments")
class Appointment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "service_id", nullable = false, updatable = false)
    private long serviceId;
    @Column(name = "resource_id", nullable = false, updatable = false)
    private long resourceId;
    @Column(name = "customer_id", nullable = false, updatable = false)
    private long customerId;
    @Column(name = "starts_at")
    private Instant startsAt;
    @Column(name = "ends_at")
    private Instant endsAt;
    @Enumerated(EnumType.STRING)
    private AppointmentStatus status;
    private String notes;
    @Column(name = "cancel_reason")
    private String cancelReason;
    @Column(name = "buffer_before_minutes")
    private int bufferBeforeMinutes;
    @Column(name = "buffer_after_minutes")
    private int bufferAfterMinutes;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private int version;

    protected Appointment() {
    }

    Appointment(long serviceId, long resourceId, long customerId, Instant startsAt, ServiceRules rules,
                Duration duration, String notes, Instant now) {
        this.serviceId = serviceId;
        this.resourceId = resourceId;
        this.customerId = customerId;
        this.notes = notes;
        this.status = AppointmentStatus.CONFIRMED;
        this.createdAt = now;
        reschedule(startsAt, duration, rules);
    }

    /**
     * Moves the appointment to start then, lasting the service's duration and blocking its resource for the service's
     * buffers around it (the exclusion constraint compares blocked ranges): the service's rules of now, so a move
     * takes up buffers changed since the booking.
     */
    void reschedule(Instant start, Duration duration, ServiceRules rules) {
        this.startsAt = start;
        this.endsAt = start.plus(duration);
        this.bufferBeforeMinutes = rules.bufferBeforeMinutes();
        this.bufferAfterMinutes = rules.bufferAfterMinutes();
    }

    void cancel(String reason) {
        status = AppointmentStatus.CANCELLED;
        cancelReason = reason;
    }

    void setStatus(AppointmentStatus status) {
        this.status = status;
    }

    void setNotes(String notes) {
        this.notes = notes;
    }

    Long getId() {
        return id;
    }

    long getServiceId() {
        return serviceId;
    }

    long getResourceId() {
        return resourceId;
    }

    long getCustomerId() {
        return customerId;
    }

    Instant getStartsAt() {
        return startsAt;
    }

    Instant getEndsAt() {
        return endsAt;
    }

    AppointmentStatus getStatus() {
        return status;
    }

    String getNotes() {
        return notes;
    }

    String getCancelReason() {
        return cancelReason;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
