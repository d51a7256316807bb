package app.citas.catalog;

import app.citas.catalog.CatalogChanges.ResourceState;
import app.citas.catalog.CatalogChanges.ServiceState;
import app.citas.catalog.CatalogDao.PageOf;
import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.ApiException;
import app.citas.platform.ProblemDraft;
import app.citas.platform.JsonBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import app.citas.platform.PageRequest;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The catalog read from and written to PostgreSQL, inside the request's unit of work. An update whose input equals
 * the stored state writes nothing; every write that changes something is reported to {@link CatalogChanges}.
 */
final class DatabaseCatalog implements Catalog {
    private final CatalogDao dao;
    private final ObjectMapper json;
    private final CatalogChanges changes;

    DatabaseCatalog(CatalogDao dao, ObjectMapper json) {
        this(dao, json, CatalogChanges.NONE);
    }

    DatabaseCatalog(CatalogDao dao, ObjectMapper json, CatalogChanges changes) {
        this.dao = dao;
        this.json = json;
        this.changes = changes;
    }

    @Override
    public JsonBody categories(PageRequest page) {
        PageOf<Category> found = dao.categories(page);
        return JsonBody.of(json, page.of(found.items().stream().map(CategoryView::of).toList(), found.total()));
    }

    @Override
    public CategoryView createCategory(CategoryInput input) {
        requireFreeCategoryName(input.name(), null);
        Category category = new Category(input.name().trim());
        dao.persist(category);
        changes.categoryChanged(category.getId());
        return CategoryView.of(category);
    }

    @Override
    public CategoryView updateCategory(long id, CategoryInput input) {
        Category category = dao.category(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("category.not-found", id)));
        if (category.getName().equals(input.name().trim())) {
            return CategoryView.of(category); // nothing to change
        }
        requireFreeCategoryName(input.name(), id);
        category.rename(input.name().trim());
        dao.persist(category);
        changes.categoryChanged(id);
        return CategoryView.of(category);
    }

    @Override
    public void deleteCategory(long id) {
        Category category = dao.category(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("category.not-found", id)));
        if (dao.categoryInUse(id)) {
            throw ApiException.conflict(CatalogMessages.of("category.in-use", id));
        }
        dao.remove(category);
        changes.categoryChanged(id);
    }

    private void requireFreeCategoryName(String name, Long exceptId) {
        if (dao.categoryNameTaken(name, exceptId)) {
            throw ApiException.conflict(CatalogMessages.of("category.name-taken"));
        }
    }

    @Override
    public JsonBody services(ServiceQuery query) {
        PageOf<Service> found = dao.services(query);
        return JsonBody.of(json, query.page().of(found.items().stream().map(ServiceView::of).toList(), found.total()));
    }

    @Override
    public JsonBody service(long id) {
        return JsonBody.of(json, serviceView(id));
    }

    private ServiceView serviceView(long id) {
        return dao.service(id).map(ServiceView::of).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("service.not-found", id)));
    }

    @Override
    public ServiceView createService(ServiceInput input) {
        requireRules(input);
        Category category = categoryOf(input);
        Set<Long> resourceIds = existingResources(input.resourceIds());
        Service service = new Service(input, category);
        dao.persist(service);
        dao.linkResources(service.getId(), resourceIds);
        changes.serviceChanged(service.getId(), null, ServiceState.of(input));
        return serviceView(service.getId());
    }

    @Override
    public ServiceView updateService(long id, ServiceInput input) {
        // With its category and resources, so the stored state can be compared with the input.
        Service service = dao.service(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("service.not-found", id)));
        requireCurrency(input.currency());
        requireRules(input);
        ServiceState before = ServiceState.of(service);
        ServiceState after = ServiceState.of(input);
        if (before.equals(after)) {
            return ServiceView.of(service); // a no-op: nothing written, nothing invalidated
        }
        Category category = categoryOf(input);
        Set<Long> resourceIds = existingResources(input.resourceIds());
        service.apply(input, category);
        dao.persist(service);
        dao.linkResources(id, resourceIds);
        changes.serviceChanged(id, before, after);
        return serviceView(id);
    }

    @Override
    public void deactivateService(long id) {
        Service service = dao.service(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("service.not-found", id)));
        if (!service.isActive()) {
            return;
        }
        ServiceState before = ServiceState.of(service);
        service.deactivate();
        dao.persist(service);
        changes.serviceChanged(id, before, before.deactivated());
    }

    private Category categoryOf(ServiceInput input) {
        requireCurrency(input.currency());
        if (input.categoryId() == null) {
            return null;
        }
        return dao.category(input.categoryId())
                .orElseThrow(() -> ApiException.unprocessable("categoryId", CatalogMessages.of("category.no-such-id", input.categoryId())));
    }

    private Set<Long> existingResources(List<Long> ids) {
        Set<Long> unique = new LinkedHashSet<>(ids == null ? List.of() : ids);
        if (dao.countResources(unique) != unique.size()) {
            throw ApiException.unprocessable("resourceIds", CatalogMessages.of("resource.ids-unknown"));
        }
        return unique;
    }

    /**
     * The booking rules: each in its range (400 naming every field out of range), and a minimum notice shorter than
     * the horizon, or no time could ever be booked (422).
     */
    private static void requireRules(ServiceInput input) {
        List<ProblemDraft.Field> errors = input.ruleErrors();
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        ServiceRules rules = ServiceRules.of(input);
        if (rules.minNotice().compareTo(rules.maxAdvance()) >= 0) {
            throw ApiException.unprocessable("minNoticeMinutes",
                    CatalogMessages.of("rules.notice-beyond-horizon", rules.maxAdvanceDays()));
        }
    }

    private static void requireCurrency(String code) {
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("currency", CatalogMessages.of("currency.invalid"));
        }
    }

    @Override
    public JsonBody resources(ResourceQuery query) {
        PageOf<Resource> found = dao.resources(query);
        return JsonBody.of(json, query.page().of(found.items().stream().map(ResourceView::of).toList(), found.total()));
    }

    @Override
    public JsonBody resource(long id) {
        return JsonBody.of(json, dao.resource(id).map(ResourceView::of)
                .orElseThrow(() -> ApiException.notFound(CatalogMessages.of("resource.not-found", id))));
    }

    @Override
    public ResourceView createResource(ResourceInput input) {
        Set<Service> services = checked(input);
        Resource resource = new Resource(input, services);
        dao.persist(resource);
        changes.resourceChanged(resource.getId(), null, ResourceState.of(resource));
        return ResourceView.of(resource);
    }

    @Override
    public ResourceView updateResource(long id, ResourceInput input) {
        Resource resource = dao.resource(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("resource.not-found", id)));
        ResourceState before = ResourceState.of(resource);
        ResourceState after = ResourceState.of(input);
        if (before.equals(after)) {
            return ResourceView.of(resource); // a no-op: nothing written, nothing invalidated
        }
        resource.apply(input, checked(input));
        dao.persist(resource);
        changes.resourceChanged(id, before, ResourceState.of(resource));
        return ResourceView.of(resource);
    }

    @Override
    public void deactivateResource(long id) {
        Resource resource = dao.resource(id).orElseThrow(() -> ApiException.notFound(CatalogMessages.of("resource.not-found", id)));
        if (!resource.isActive()) {
            return;
        }
        ResourceState before = ResourceState.of(resource);
        resource.deactivate();
        dao.persist(resource);
        changes.resourceChanged(id, before, before.deactivated());
    }

    /** Validates what annotations cannot (time zone, overlapping hours) and loads the offered services. */
    private Set<Service> checked(ResourceInput input) {
        try {
            ZoneId.of(input.timezone());
        } catch (DateTimeException e) {
            throw ApiException.invalidField("timezone", CatalogMessages.of("timezone.invalid"));
        }
        List<WorkingPeriod> hours = input.workingHours() == null ? List.of() : input.workingHours();
        for (int i = 0; i < hours.size(); i++) {
            if (!hours.get(i).isOrdered()) {
                throw ApiException.invalidField("workingHours[" + i + "]", CatalogMessages.of("working-hours.order"));
            }
            for (int j = i + 1; j < hours.size(); j++) {
                if (hours.get(i).overlaps(hours.get(j))) {
                    throw ApiException.invalidField("workingHours[" + j + "]", CatalogMessages.of("working-hours.overlap", i));
                }
            }
        }
        Set<Long> ids = new LinkedHashSet<>(input.serviceIds() == null ? List.of() : input.serviceIds());
        List<Service> services = dao.servicesForLinking(ids);
        if (services.size() != ids.size()) {
            throw ApiException.unprocessable("serviceIds", CatalogMessages.of("service.ids-unknown"));
        }
        return new LinkedHashSet<>(services);
    }
}
