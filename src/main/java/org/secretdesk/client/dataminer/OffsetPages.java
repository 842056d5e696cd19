package org.secretdesk.client.dataminer;

import java.util.List;
import org.secretdesk.model.Page;

/** Pages over a list the gateway returns whole; the cursor is the offset of the next item. */
final class OffsetPages {

    private OffsetPages() {
    }

    static <T> Page<T> page(List<T> all, int limit, String cursor) {
        int from;
        try {
            from = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of this list: " + cursor);
        }
        from = Math.max(0, Math.min(from, all.size()));
        int size = limit <= 0 ? all.size() : limit;
        int to = (int) Math.min((long) from + size, all.size());
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }
}
