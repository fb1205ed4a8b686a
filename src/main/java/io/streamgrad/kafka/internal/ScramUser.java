package io.streamgrad.kafka.internal;

import java.util.Objects;

/**
 * A SCRAM user and password for the embedded broker. {@link #toString()} never shows the password, so the
 * value can travel through exceptions and debuggers without leaking it into logs.
 *
 * @param username the SCRAM user name; must not contain ',' or '=' (the storage tool's argument syntax)
 * @param password the clear-text password
 */
public record ScramUser(String username, String password) {
    /** The only mechanism the embedded broker enables. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /**
     * Checks the credentials.
     *
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if the user name is empty or contains ',' or '=', or the password is empty
     */
    public ScramUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(",") || username.contains("=")) {
            throw new IllegalArgumentException("SCRAM user name '" + username
                    + "' is not usable: it must be non-empty and contain neither ',' nor '=' (they separate"
                    + " fields in Kafka's SCRAM credential records). Choose a plain name such as 'trainer'.");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("The SCRAM password for user '" + username + "' is empty;"
                    + " give a non-empty password.");
        }
    }

    /** The client-side JAAS line that logs in as this user (Kafka masks it in its own config logs). */
    public String jaasConfig() {
        return JaasConfig.scramLogin(username, password);
    }

    @Override
    public String toString() {
        return "ScramUser[username=" + username + ", password=[hidden]]";
    }
}
