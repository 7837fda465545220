# shellcheck shell=bash
# Sourced by deploy.sh, destroy.sh and synth.sh: the CDK context for the options saved in .otter/deploy.env, so a
# redeploy and a teardown always synthesize the same app the first deploy did.
# Usage: cdk_context RETAIN_DATA   (reads domain, certificate, turn_domain, turn_certificate,
#                                   max_turn_tasks, participants, embed_origins,
#                                   api_origins; sets the array `context`)
cdk_context() {
  context=(-c "retainData=$1")
  [ -n "${domain:-}" ] && context+=(-c "domain=$domain" -c "certificateArn=$certificate")
  [ -n "${turn_domain:-}" ] && context+=(-c "turnDomain=$turn_domain" -c "turnCertificateArn=$turn_certificate")
  [ -n "${max_turn_tasks:-}" ] && context+=(-c "maxTurnTasks=$max_turn_tasks")
  [ -n "${participants:-}" ] && context+=(-c "participants=$participants")
  [ -n "${embed_origins:-}" ] && context+=(-c "embedOrigins=$embed_origins")
  [ -n "${api_origins:-}" ] && context+=(-c "apiOrigins=$api_origins")
  return 0
}

# The CDK app resolves otter-config (and its parent POM) from the local Maven repository and deploys the
# handler jar: install exactly what it needs, parent included (-am), so a fresh machine builds it too.
install_for_cdk() {
  mvn -B -q -pl config,lambdas -am install -DskipTests
}
