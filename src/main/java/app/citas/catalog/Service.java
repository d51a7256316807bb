package app.citas.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/** A bookable service (a haircut, a consultation). The resource side owns the service-resource links. */
@Entity
@Table(name = "services")
public class Service {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String description;
    @Column(name = "duration_minutes")
    private int durationMinutes;
    private BigDecimal price;
    private String currency;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "category_id")
    private Category category;
    private boolean active;
    @Column(name = "buffer_before_minutes")
    private int bufferBeforeMinutes;
    @Column(name = "buffer_after_minutes")
    private int bufferAfterMinutes;
    @Column(name = "min_notice_minutes")
    private int minNoticeMinutes;
    @Column(name = "max_advance_days")
    private int maxAdvanceDays = ServiceRules.DEFAULT.maxAdvanceDays();
    @Column(name = "slot_interval_minutes")
    private int slotIntervalMinutes = ServiceRules.DEFAULT.slotIntervalMinutes();
    @Column(name = "cancellation_cutoff_minutes")
    private int cancellationCutoffMinutes;
    @Version
    private int version;
    @ManyToMany(mappedBy = "services")
    private Set<Resource> resources = new LinkedHashSet<>();

    protected Service() {
    }

    Service(ServiceInput input, Category category) {
        apply(input, category);
    }

    final void apply(ServiceInput input, Category category) {
        this.name = input.name().trim();
        this.description = input.description() == null ? "" : input.description();
        this.durationMinutes = input.durationMinutes();
        this.price = input.price().setScale(2, java.math.RoundingMode.UNNECESSARY);
        this.currency = input.currency();
        this.category = category;
        this.active = input.active() == null || input.active();
        ServiceRules rules = ServiceRules.of(input);
        this.bufferBeforeMinutes = rules.bufferBeforeMinutes();
        this.bufferAfterMinutes = rules.bufferAfterMinutes();
        this.minNoticeMinutes = rules.minNoticeMinutes();
        this.maxAdvanceDays = rules.maxAdvanceDays();
        this.slotIntervalMinutes = rules.slotIntervalMinutes();
        this.cancellationCutoffMinutes = rules.cancellationCutoffMinutes();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public int getDurationMinutes() {
        return durationMinutes;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public String getCurrency() {
        return currency;
    }

    public Category getCategory() {
        return category;
    }

    public boolean isActive() {
        return active;
    }

    /** Its booking rules: buffers, notice, horizon, grid and cancellation cutoff. */
    public ServiceRules getRules() {
        return new ServiceRules(bufferBeforeMinutes, bufferAfterMinutes, minNoticeMinutes, maxAdvanceDays,
                slotIntervalMinutes, cancellationCutoffMinutes);
    }

    void deactivate() {
        active = false;
    }

    public Set<Resource> getResources() {
        return resources;
    }
}
