package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.platform.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;

/**
 * Catalog queries with explicit fetch joins. Pages of entities with collections are read as
 * "page the ids, then JOIN FETCH by ids": at most three statements whatever the page size.
 */
final class CatalogDao {
    private final SessionFactory sessionFactory;

    CatalogDao(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    // --- categories

    PageOf<Category> categories(PageRequest page) {
        List<Category> items = session()
                .createSelectionQuery("from Category c order by lower(c.name), c.id", Category.class)
                .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        long total = session().createSelectionQuery("select count(c) from Category c", Long.class).getSingleResult();
        return new PageOf<>(items, total);
    }

    Optional<Category> category(long id) {
        return Optional.ofNullable(session().find(Category.class, id));
    }

    boolean categoryNameTaken(String name, Long exceptId) {
        return session().createSelectionQuery(
                        "select count(c) from Category c where lower(c.name) = lower(:name) and c.id <> :except", Long.class)
                .setParameter("name", name.trim()).setParameter("except", exceptId == null ? -1L : exceptId)
                .getSingleResult() > 0;
    }

    boolean categoryInUse(long id) {
        return session().createSelectionQuery("select count(s) from Service s where s.category.id = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    // --- services

    PageOf<Service> services(ServiceQuery query) {
        Filter filter = new Filter(" where s.active = :active").bind("active", query.active());
        if (query.categoryId() != null) {
            filter.and("s.category.id = :category").bind("category", query.categoryId());
        }
        if (query.text() != null) {
            filter.and("lower(s.name) like :pattern escape '\\'").bind("pattern", containsPattern(query.text()));
        }
        List<Long> ids = filter.apply(session().createSelectionQuery(
                        "select s.id from Service s" + filter.where + " order by " + query.sort().orderBy, Long.class))
                .setFirstResult(query.page().offset()).setMaxResults(query.page().size()).getResultList();
        long total = filter.apply(session().createSelectionQuery(
                "select count(s) from Service s" + filter.where, Long.class)).getSingleResult();
        return new PageOf<>(inOrder(ids, servicesByIds(ids), Service::getId), total);
    }

    private List<Service> servicesByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return session().createSelectionQuery("select s from Service s left join fetch s.category "
                + "left join fetch s.resources where s.id in :ids", Service.class).setParameter("ids", ids).getResultList();
    }

    Optional<Service> service(long id) {
        return servicesByIds(List.of(id)).stream().findFirst();
    }

    /** Plain services (no associations) by id, for linking. */
    List<Service> servicesForLinking(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return session().createSelectionQuery("from Service s where s.id in :ids", Service.class)
                .setParameter("ids", ids).getResultList();
    }

    void persist(Object entity) {
        session().persist(entity);
        session().flush();
    }

    void remove(Object entity) {
        session().remove(entity);
        session().flush();
    }

    /** Replaces the resources linked to a service; the join table is owned by the resource side. */
    void linkResources(long serviceId, Collection<Long> resourceIds) {
        session().flush();
        session().createNativeMutationQuery("delete from resource_services where service_id = :service")
                .setParameter("service", serviceId).executeUpdate();
        if (!resourceIds.isEmpty()) {
            session().createNativeMutationQuery("insert into resource_services (resource_id, service_id) "
                            + "select id, :service from resources where id in (:ids)")
                    .setParameter("service", serviceId).setParameter("ids", resourceIds).executeUpdate();
        }
        // The links changed behind Hibernate's back: forget loaded state so the next read sees them.
        session().clear();
    }

    long countResources(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return session().createSelectionQuery("select count(r) from Resource r where r.id in :ids", Long.class)
                .setParameter("ids", ids).getSingleResult();
    }

    // --- resources

    PageOf<Resource> resources(ResourceQuery query) {
        Filter filter = new Filter(" where r.active = :active").bind("active", query.active());
        if (query.kind() != null) {
            filter.and("r.kind = :kind").bind("kind", query.kind());
        }
        if (query.serviceId() != null) {
            filter.and("r.id in (select r2.id from Resource r2 join r2.services s2 where s2.id = :service)")
                    .bind("service", query.serviceId());
        }
        if (query.text() != null) {
            filter.and("lower(r.name) like :pattern escape '\\'").bind("pattern", containsPattern(query.text()));
        }
        List<Long> ids = filter.apply(session().createSelectionQuery(
                        "select r.id from Resource r" + filter.where + " order by lower(r.name), r.id", Long.class))
                .setFirstResult(query.page().offset()).setMaxResults(query.page().size()).getResultList();
        long total = filter.apply(session().createSelectionQuery(
                "select count(r) from Resource r" + filter.where, Long.class)).getSingleResult();
        return new PageOf<>(inOrder(ids, resourcesByIds(ids), Resource::getId), total);
    }

    List<Resource> resourcesByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return session().createSelectionQuery("select r from Resource r left join fetch r.services "
                + "where r.id in :ids", Resource.class).setParameter("ids", ids).getResultList();
    }

    Optional<Resource> resource(long id) {
        return resourcesByIds(List.of(id)).stream().findFirst();
    }

    // --- helpers

    record PageOf<T>(List<T> items, long total) {
    }

    private static String containsPattern(String text) {
        String escaped = text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static <T> List<T> inOrder(List<Long> ids, List<T> entities, Function<T, Long> idOf) {
        Map<Long, T> byId = new HashMap<>();
        entities.forEach(e -> byId.put(idOf.apply(e), e));
        List<T> ordered = new ArrayList<>(ids.size());
        ids.stream().map(byId::get).filter(java.util.Objects::nonNull).forEach(ordered::add);
        return ordered;
    }

    private static final class Filter {
        private String where;
        private final Map<String, Object> parameters = new HashMap<>();

        Filter(String where) {
            this.where = where;
        }

        Filter and(String condition) {
            where = where + " and " + condition;
            return this;
        }

        Filter bind(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        <T> SelectionQuery<T> apply(SelectionQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

}
