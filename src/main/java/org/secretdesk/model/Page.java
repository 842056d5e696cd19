package org.secretdesk.model;

import java.util.List;

/** One page of a list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }

    /**
     * A page of a list held whole (a gateway that does not page returns everything at once); the cursor is the
     * offset of the next item. {@code limit <= 0} means the rest of the list.
     *
     * @throws IllegalArgumentException when {@code cursor} is not an offset
     */
    public static <T> Page<T> ofWholeList(List<T> all, int limit, String cursor) {
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
