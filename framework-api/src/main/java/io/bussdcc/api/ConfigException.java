package io.bussdcc.api;

/** A configuration value is missing or cannot be used; the message names the key and its origin. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
