package app.citas.account;

import java.util.Optional;

/**
 * What the account feature tells other features about the users they serve, as immutable values: booking asks here
 * and never reads the users table or entity. For pages of rows SQL can join, the feature also publishes the view
 * {@code customer_summaries} (id, username, full_name: the same as {@link CustomerSummary}). Every method runs in
 * the caller's current session (the request's unit of work).
 */
public interface Customers {
    record CustomerSummary(long id, String username, String fullName) {
    }

    Optional<CustomerSummary> customer(long id);

    /**
     * The customer, with their row locked until the caller's transaction ends (FOR NO KEY UPDATE: rows referencing
     * it can still be inserted), so rules counting a customer's rows see concurrent requests one after another.
     */
    Optional<CustomerSummary> lockCustomer(long id);
}
