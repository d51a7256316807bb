package app.citas.platform;

/** A validated 1-based page number and size (1..100). */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static PageRequest parse(String page, String size) {
        int pageNumber = QueryParams.integer("page", page, 1);
        int pageSize = QueryParams.integer("size", size, DEFAULT_SIZE);
        if (pageNumber < 1) {
            throw ApiException.invalidField("page", Problems.text("param.page"));
        }
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw ApiException.invalidField("size", Problems.text("param.size", MAX_SIZE));
        }
        return new PageRequest(pageNumber, pageSize);
    }

    public int offset() {
        // long arithmetic: page numbers near Integer.MAX_VALUE must not wrap to a negative offset.
        return (int) Math.min(Integer.MAX_VALUE, ((long) page - 1) * size);
    }

    public <T> Page<T> of(java.util.List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }
}
