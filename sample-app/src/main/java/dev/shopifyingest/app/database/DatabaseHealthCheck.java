package dev.shopifyingest.app.database;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The readiness check: the app is ready only while it can get a working database connection.
 * Its details say {@code "database": "reachable"} or the kind of failure, never a URL or
 * credentials.
 */
public final class DatabaseHealthCheck implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    /**
     * Creates the check.
     *
     * @param dataSource the app's data source
     */
    public DatabaseHealthCheck(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            return HealthCheckResponse.builder()
                    .status(valid)
                    .detail("database", valid ? "reachable" : "connection not valid")
                    .build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("database", "unreachable (" + e.getClass().getSimpleName() + ")")
                    .build();
        }
    }
}
