package dev.otter.infra;

import java.util.regex.Pattern;

/**
 * A host name with the ACM certificate that covers it. Otter creates no DNS records: point a CNAME at the
 * endpoint the deploy prints.
 *
 * @param name the host name, e.g. {@code call.example.com}
 * @param certificateArn an ACM certificate ARN; for the web app it must be in us-east-1 (CloudFront), for TURN
 *     in the deployment's region (the load balancer)
 */
public record CustomDomain(String name, String certificateArn) {
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CERTIFICATE = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+");

    public CustomDomain {
        if (name == null || !HOST.matcher(name).matches()) {
            throw new IllegalArgumentException("Domain '" + name + "' is not a lower-case host name such as call.example.com");
        }
        if (certificateArn == null || !CERTIFICATE.matcher(certificateArn).matches()) {
            throw new IllegalArgumentException("Domain " + name + " needs an ACM certificate ARN "
                    + "(arn:aws:acm:<region>:<account>:certificate/<id>), got '" + certificateArn + "'");
        }
    }

    /** The certificate's region, from its ARN. */
    public String certificateRegion() {
        return certificateArn.split(":")[3];
    }
}
