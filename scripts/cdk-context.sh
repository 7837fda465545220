# shellcheck shell=bash
# Sourced by deploy.sh and destroy.sh: the CDK context for the options saved in .otter/deploy.env, so a
# redeploy and a teardown always synthesize the same app the first deploy did.
# Usage: cdk_context RETAIN_DATA   (reads domain, certificate, turn_domain, turn_certificate,
#                                   max_turn_tasks, embed_origins; sets the array `context`)
cdk_context() {
  context=(-c "retainData=$1")
  [ -n "${domain:-}" ] && context+=(-c "domain=$domain" -c "certificateArn=$certificate")
  [ -n "${turn_domain:-}" ] && context+=(-c "turnDomain=$turn_domain" -c "turnCertificateArn=$turn_certificate")
  [ -n "${max_turn_tasks:-}" ] && context+=(-c "maxTurnTasks=$max_turn_tasks")
  [ -n "${embed_origins:-}" ] && context+=(-c "embedOrigins=$embed_origins")
  return 0
}
