package app.citas.cache;

import java.util.Collection;

/** Removes the entries of every region that carry any of the given tags, on every node sharing the store. */
@FunctionalInterface
public interface CacheTags {
    void invalidate(Collection<String> tags);
}
