package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.citas.stack.Api.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class HealthIT {
    @Test
    void reportsDatabaseAndRedisUp(TestStack stack) {
        Reply health = stack.api().get("/health");
        assertEquals(200, health.status(), health.body());
        assertEquals("UP", health.json().get("status").asText());
        assertEquals("UP", health.json().get("checks").get("database").asText());
        assertEquals("UP", health.json().get("checks").get("redis").asText());
    }
}
