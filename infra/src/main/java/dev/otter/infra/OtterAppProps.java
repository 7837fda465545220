package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.WebOrigins;
/**
 * Everything a deployment may choose, read once by {@link OtterApp} and passed down.
 *
 * @param lambdaCode path of the shaded handler jar (tests pass a small stand-in)
 * @param webappDist the web app's build output directory
 * @param coturnDirectory the directory with coturn's Dockerfile
 * @param webDomain custom domain of the web app (certificate in us-east-1), or {@code null}: the CloudFront name
 * @param turnTlsDomain host for turns: on 443 (certificate in the deployment region), or {@code null}: no TLS
 * @param retainData keep tables, the JWT secret and log groups when the stacks are deleted
 * @param maxTurnTasks the TURN service's scaling limit; by default {@link #maxTurnTasksFor} the capacity
 * @param embedOrigins sites allowed to show the web app in an iframe ({@link WebOrigins}); empty: none
 * @param apiOrigins sites besides the web app whose pages may call the HTTP API (CORS); empty: the web app only
 * @param capacity how many people the deployment should carry at once; the API throttles derive from it
 *                 ({@link DeploymentCapacity}, default {@value DeploymentCapacity#DEFAULT_PARTICIPANTS} participants)
 */
public record OtterAppProps(String lambdaCode, String webappDist, String coturnDirectory, CustomDomain webDomain,
        CustomDomain turnTlsDomain, boolean retainData, int maxTurnTasks, WebOrigins embedOrigins,
        WebOrigins apiOrigins, DeploymentCapacity capacity) {
    /** The TURN scaling limit that carries {@code capacity}'s relayed share, from what one task relays. */
    public static int maxTurnTasksFor(DeploymentCapacity capacity) {
        return capacity.turnTasks(TurnService.STREAMS_PER_TASK);
    }
}
