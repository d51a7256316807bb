package app.citas;

import app.citas.account.AccountEntities;
import app.citas.booking.BookingEntities;
import app.citas.catalog.CatalogEntities;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every feature's Hibernate entities, for whoever opens the database: the application and the operator commands,
 * which run outside Tomcat without the servlet API (so neither this nor the entity lists may load a feature module).
 */
public final class Entities {
    private Entities() {
    }

    public static List<Class<?>> all() {
        return Stream.of(AccountEntities.ALL, CatalogEntities.ALL, BookingEntities.ALL)
                .flatMap(List::stream).toList();
    }
}
