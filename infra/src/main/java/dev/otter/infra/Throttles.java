package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;

/** API Gateway's throttle settings for the capacity's throttles ({@link DeploymentCapacity}). */
final class Throttles {
    private Throttles() {}

    /** The rate in whole requests a second, rounded up. */
    static ThrottleSettings of(DeploymentCapacity.Throttle throttle) {
        return ThrottleSettings.builder().rateLimit(Math.ceil(throttle.rate())).burstLimit(throttle.burst()).build();
    }
}
