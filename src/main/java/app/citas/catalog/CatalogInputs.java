package app.citas.catalog;

import app.citas.platform.ProblemDraft;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Request bodies of the staff catalog writes. Unknown fields are rejected by the JSON mapper. */
final class CatalogInputs {
    private CatalogInputs() {
    }
}

record CategoryInput(@NotBlank @Size(max = 100) String name) {
}

record ServiceInput(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Min(5) @Max(480) Integer durationMinutes,
        @NotNull @DecimalMin("0.00") @Digits(integer = 8, fraction = 2) BigDecimal price,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "{app.citas.catalog.currency}") String currency,
        @Positive Long categoryId,
        @Size(max = 500) List<@NotNull @Positive Long> resourceIds,
        Boolean active,
        @Schema(description = ServiceRules.BUFFER_BEFORE, minimum = "0", maximum = "240", defaultValue = "0")
        Integer bufferBeforeMinutes,
        @Schema(description = ServiceRules.BUFFER_AFTER, minimum = "0", maximum = "240", defaultValue = "0")
        Integer bufferAfterMinutes,
        @Schema(description = ServiceRules.MIN_NOTICE, minimum = "0", maximum = "43200", defaultValue = "0")
        Integer minNoticeMinutes,
        @Schema(description = ServiceRules.MAX_ADVANCE, minimum = "1", maximum = "730", defaultValue = "365")
        Integer maxAdvanceDays,
        @Schema(description = ServiceRules.SLOT_INTERVAL, allowableValues = {"5", "10", "15", "20", "30", "60"},
                defaultValue = "15")
        Integer slotIntervalMinutes,
        @Schema(description = ServiceRules.CANCELLATION_CUTOFF, minimum = "0", maximum = "43200", defaultValue = "0")
        Integer cancellationCutoffMinutes) {
    /**
     * The booking rules' fields out of range, worded from the catalog's bundle (checked by the catalog, not by bean
     * validation, so the messages are the feature's own in English and Spanish); empty when every one is fine.
     */
    List<ProblemDraft.Field> ruleErrors() {
        List<ProblemDraft.Field> errors = new ArrayList<>();
        range(errors, "bufferBeforeMinutes", bufferBeforeMinutes, 0, ServiceRules.MAX_BUFFER_MINUTES);
        range(errors, "bufferAfterMinutes", bufferAfterMinutes, 0, ServiceRules.MAX_BUFFER_MINUTES);
        range(errors, "minNoticeMinutes", minNoticeMinutes, 0, 43200);
        range(errors, "maxAdvanceDays", maxAdvanceDays, 1, 730);
        range(errors, "cancellationCutoffMinutes", cancellationCutoffMinutes, 0, 43200);
        if (slotIntervalMinutes != null && !ServiceRules.SLOT_INTERVALS.contains(slotIntervalMinutes)) {
            errors.add(new ProblemDraft.Field("slotIntervalMinutes", CatalogMessages.of("rules.slot-interval")));
        }
        return errors;
    }

    private static void range(List<ProblemDraft.Field> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new ProblemDraft.Field(field, CatalogMessages.of("rules.range", min, max)));
        }
    }
}

record ResourceInput(
        @NotBlank @Size(max = 200) String name,
        @NotNull ResourceKind kind,
        @Size(max = 2000) String description,
        @NotBlank @Size(max = 64) String timezone,
        Boolean active,
        @Size(max = 500) List<@NotNull @Positive Long> serviceIds,
        @Size(max = 70) List<@NotNull @Valid WorkingPeriod> workingHours) {
}
