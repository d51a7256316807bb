package app.citas.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A staff member, room or machine that delivers services. Working hours are a value read and written whole,
 * so they live in a jsonb column of the row: a resource page needs no extra query for them.
 */
@Entity
@Table(name = "resources")
public class Resource {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @Enumerated(EnumType.STRING)
    private ResourceKind kind;
    private String description;
    private String timezone;
    private boolean active;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "working_hours")
    private List<WorkingPeriod> workingHours = new ArrayList<>();
    @Version
    private int version;
    @ManyToMany
    @JoinTable(name = "resource_services",
            joinColumns = @JoinColumn(name = "resource_id"),
            inverseJoinColumns = @JoinColumn(name = "service_id"))
    private Set<Service> services = new LinkedHashSet<>();

    protected Resource() {
    }

    Resource(ResourceInput input, Set<Service> services) {
        apply(input, services);
    }

    final void apply(ResourceInput input, Set<Service> offered) {
        this.name = input.name().trim();
        this.kind = input.kind();
        this.description = input.description() == null ? "" : input.description();
        this.timezone = input.timezone();
        this.active = input.active() == null || input.active();
        this.workingHours = new ArrayList<>(input.workingHours() == null ? List.of() : input.workingHours());
        this.services.clear();
        this.services.addAll(offered);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ResourceKind getKind() {
        return kind;
    }

    public String getDescription() {
        return description;
    }

    public ZoneId getZone() {
        return ZoneId.of(timezone);
    }

    public String getTimezone() {
        return timezone;
    }

    public boolean isActive() {
        return active;
    }

    void deactivate() {
        active = false;
    }

    public List<WorkingPeriod> getWorkingHours() {
        return workingHours;
    }

    public Set<Service> getServices() {
        return services;
    }
}
