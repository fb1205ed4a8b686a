package io.streamgrad.config;

/** The configuration is missing a key, has a value of the wrong kind, or names an unknown choice. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the offending key (or file) and what was expected. */
    public ConfigException(String message) {
        super(message);
    }
}
