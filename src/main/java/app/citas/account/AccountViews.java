package app.citas.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The JSON shapes of /auth and /me. */
final class AccountViews {
    private AccountViews() {
    }

    record UserView(long id, String username, String email, String fullName, Role role) {
        static UserView of(User user) {
            return new UserView(user.getId(), user.getUsername(), user.getEmail(), user.getFullName(), user.getRole());
        }
    }

    record Registration(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{3,50}", message = "{app.citas.account.username}")
            String username,
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 10, max = 128, message = "{app.citas.account.password}") String password,
            @NotBlank @Size(max = 200) String fullName) {
        @Override
        public String toString() {
            return "Registration[" + username + "]";
        }
    }

    record Credentials(@NotNull @Size(max = 50) String username, @NotNull @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    record TokenView(String token, String tokenType, Instant expiresAt) {
        @Override
        public String toString() {
            return "TokenView[expiresAt=" + expiresAt + "]";
        }
    }
}
