package io.streamgrad.kafka.internal;

/** Builds {@code sasl.jaas.config} values; quoting lives here so no caller gets it wrong. */
public final class JaasConfig {
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private JaasConfig() {
    }

    /**
     * The JAAS line for a SCRAM login. The password may be a secret reference such as {@code ${env:NAME}}:
     * references are resolved later, inside the quoted value, by {@link io.streamgrad.kafka.SecretResolver}.
     */
    public static String scramLogin(String username, String password) {
        return SCRAM_LOGIN_MODULE + " required username=" + quote(username) + " password=" + quote(password) + ";";
    }

    /** JAAS values are double-quoted strings in which '\' and '"' are escaped with '\'. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
