package app.citas.booking;

import app.citas.account.User;
import app.citas.catalog.Resource;
import app.citas.catalog.Service;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "appointments")
class Appointment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "service_id")
    private Service service;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "resource_id")
    private Resource resource;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    private User customer;
    @Column(name = "starts_at")
    private Instant startsAt;
    @Column(name = "ends_at")
    private Instant endsAt;
    @Enumerated(EnumType.STRING)
    private AppointmentStatus status;
    private String notes;
    @Column(name = "cancel_reason")
    private String cancelReason;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private int version;

    protected Appointment() {
    }

    Appointment(Service service, Resource resource, User customer, Instant startsAt, String notes, Instant now) {
        this.service = service;
        this.resource = resource;
        this.customer = customer;
        this.notes = notes;
        this.status = AppointmentStatus.CONFIRMED;
        this.createdAt = now;
        reschedule(startsAt);
    }

    void reschedule(Instant start) {
        this.startsAt = start;
        this.endsAt = start.plusSeconds(60L * service.getDurationMinutes());
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

    Service getService() {
        return service;
    }

    Resource getResource() {
        return resource;
    }

    User getCustomer() {
        return customer;
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
