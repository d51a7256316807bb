package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeploymentTest {
    @Test
    void theVersionComesFromTheUnpackedDirectory() {
        Deployment v2 = Deployment.fromDocBase("/opt/citas/base/webapps/citas##20261128T2030-abc1234");
        assertEquals("20261128T2030-abc1234", v2.version());
        assertEquals(",version=20261128T2030-abc1234", v2.objectNameSuffix());
        assertEquals("citas-db-20261128T2030-abc1234", v2.poolName());
        assertEquals("citas##20261128T2030-abc1234", v2.toString());
    }

    @Test
    void anUnversionedDeploymentKeepsThePlainNames() {
        for (String docBase : new String[] {"/opt/citas/base/webapps/citas", "/x/webapps/citas/", "", null}) {
            Deployment plain = Deployment.fromDocBase(docBase);
            assertFalse(plain.versioned());
            assertEquals("", plain.objectNameSuffix());
            assertEquals("citas-db", plain.poolName());
        }
    }

    @Test
    void aVersionThatWouldBreakAnObjectNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Deployment.fromDocBase("/w/citas##a,b=c"));
    }
}
