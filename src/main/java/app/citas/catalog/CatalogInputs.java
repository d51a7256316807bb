package app.citas.catalog;

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
        Boolean active) {
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
