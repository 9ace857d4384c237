/**
 * Configuration: {@link dev.jive.core.config.DatabaseConfig} (the old system's fields and defaults)
 * resolved and validated by {@link dev.jive.core.config.ConfigResolver} from defaults, a properties
 * file, {@code LANCEDB_*} environment variables and explicit settings.
 */
package dev.jive.core.config;
