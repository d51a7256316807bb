package app.citas.catalog;

import app.citas.platform.Message;
import app.citas.platform.Messages;

/** The catalog feature's texts for clients: app/citas/catalog/messages*.properties. */
final class CatalogMessages {
    private static final Messages TEXT = Messages.of(CatalogMessages.class);

    private CatalogMessages() {
    }

    static Message of(String key, Object... args) {
        return TEXT.get(key, args);
    }
}
