package app.citas.account;

import app.citas.platform.Message;
import app.citas.platform.Messages;

/** The account feature's texts for clients: app/citas/account/messages*.properties. */
final class AccountMessages {
    private static final Messages TEXT = Messages.of(AccountMessages.class);

    private AccountMessages() {
    }

    static Message of(String key, Object... args) {
        return TEXT.get(key, args);
    }
}
