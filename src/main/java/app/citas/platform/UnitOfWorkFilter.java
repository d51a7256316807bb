package app.citas.platform;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.hibernate.SessionFactory;

/**
 * The first filter in front of the API: the request's one unit of work, shared by authentication, the quota filter
 * and Jersey (which commits it before writing the response); closed, and rolled back if not committed, at the end.
 * Its session and transaction are opened only if something in the request asks for them.
 */
public final class UnitOfWorkFilter implements Filter {
    private final SessionFactory sessionFactory;

    public UnitOfWorkFilter(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try (UnitOfWork ignored = UnitOfWork.begin(sessionFactory, ((HttpServletRequest) request).getMethod())) {
            chain.doFilter(request, response);
        }
    }
}
