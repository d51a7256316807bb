package app.citas.booking;

import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.booking.BookingViews.AppointmentView;
import java.util.List;

/**
 * Pages of the appointment list, ordered by (startsAt, id), and what their {@code total} says.
 *
 * <p>A page reads one row more than its size: that row, if there is one, proves there is more (the page then gets a
 * {@code next} cursor, its last row's position) and is not shown. The total of an offset page is
 * <ul>
 *   <li>exact and free when the page itself shows where the list ends (it is not full, and not past the end);</li>
 *   <li>else counted, but no further than {@code countLimit} (the count stops after countLimit + 1 rows of the
 *       page's own index): exact when at most countLimit match;</li>
 *   <li>else a lower bound, marked {@code totalExact = false}: countLimit, or the rows the page itself proves to
 *       exist when that is more (a page past the bound is not counted at all).</li>
 * </ul>
 * Keyset pages (after a cursor) are never counted: their total is absent.
 *
 * <p>One statement per page: the rows with the summaries they show and, when the page could need it, the bounded
 * count ({@link BookingDao#list}). Only an empty page past the end of the list counts in a second statement.
 */
final class AppointmentLists {
    private final BookingDao dao;
    private final int countLimit;

    AppointmentLists(BookingDao dao, int countLimit) {
        if (countLimit < 1) {
            throw new IllegalArgumentException("countLimit must be 1 or more");
        }
        this.dao = dao;
        this.countLimit = countLimit;
    }

    /** A total and whether it is exact; a total that is not exact is a lower bound (at least this many match). */
    record Total(long value, boolean exact) {
    }

    /**
     * A page of the list: its appointments, the page asked for, its total (null for a keyset page) and the cursor of
     * the next page (null when nothing follows).
     */
    record Listed(List<AppointmentView> items, AppointmentQuery query, Total total, AppointmentCursor next) {
        boolean keyset() {
            return query.after() != null;
        }
    }

    Listed page(AppointmentQuery query) {
        int size = query.page().size();
        BookingDao.ListedRows rows = dao.list(query, size + 1, countedWithThePage(query) ? countLimit + 1 : 0);
        boolean more = rows.rows().size() > size;
        List<AppointmentView> shown = more ? rows.rows().subList(0, size) : rows.rows();
        AppointmentCursor next = more ? AppointmentCursor.of(shown.get(size - 1)) : null;
        Total total = query.after() == null ? total(query, shown.size(), more, rows.counted()) : null;
        return new Listed(List.copyOf(shown), query, total, next);
    }

    /**
     * Whether the page's own statement also counts: when a full page would not already prove more than the bound. A
     * page that turns out not full needs no count, but counting it costs no more index entries than the page read.
     */
    private boolean countedWithThePage(AppointmentQuery query) {
        return query.after() == null && query.page().offset() + query.page().size() + 1L <= countLimit;
    }

    /** @param counted the matches counted with the page (up to countLimit + 1), or null when not counted with it */
    private Total total(AppointmentQuery query, int shown, boolean more, Long counted) {
        long offset = query.page().offset();
        if (!more && (shown > 0 || offset == 0)) {
            return new Total(offset + shown, true);
        }
        // Rows that exist for certain: those before and on this page, and the one that proved there is more.
        long proven = shown == 0 ? 0 : offset + shown + 1;
        if (proven > countLimit) {
            return new Total(proven, false);
        }
        // Only a page past the end (empty) was not counted with itself.
        long count = counted != null ? counted : dao.countUpTo(query, countLimit + 1);
        return count <= countLimit ? new Total(count, true) : new Total(Math.max(countLimit, proven), false);
    }
}
