package app.citas.platform;

import java.nio.file.Path;

/**
 * Which deployment of the WAR this is. With Tomcat's parallel deployment (scripts/deploy.sh) several versions
 * run side by side as {@code citas##<version>}; each then needs its own MBean names and connection pool name, or
 * the second would fail to register and undeploying the first would remove the second's.
 */
public record Deployment(String version) {
    private static final String VERSION_SEPARATOR = "##";
    public static final Deployment UNVERSIONED = new Deployment("");

    public Deployment {
        if (version == null || !version.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("A deployment version is letters, digits, '.', '_' or '-', got '" + version + "'");
        }
    }

    /** From the directory Tomcat unpacked the WAR into: {@code webapps/citas##20261128-abc} is version 20261128-abc. */
    public static Deployment fromDocBase(String realPath) {
        if (realPath == null || realPath.isBlank()) {
            return UNVERSIONED;
        }
        Path name = Path.of(realPath).getFileName();
        String base = name == null ? "" : name.toString();
        int separator = base.indexOf(VERSION_SEPARATOR);
        return separator < 0 ? UNVERSIONED : new Deployment(base.substring(separator + VERSION_SEPARATOR.length()));
    }

    public boolean versioned() {
        return !version.isEmpty();
    }

    /** Appended to every Citas ObjectName: nothing for an unversioned deployment. */
    public String objectNameSuffix() {
        return versioned() ? ",version=" + version : "";
    }

    public String poolName() {
        return versioned() ? "citas-db-" + version : "citas-db";
    }

    @Override
    public String toString() {
        return versioned() ? "citas" + VERSION_SEPARATOR + version : "citas";
    }
}
