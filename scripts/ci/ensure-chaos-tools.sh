#!/usr/bin/env bash
# The fault suite runs servers of its own (it stops and restarts them): PostgreSQL's initdb and
# pg_ctl, redis-server, rabbitmq-server. Installs Debian's packages for whichever is missing; the
# services they install are not started here (the suite starts its own on free ports).
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
[ ${#missing[@]} -eq 0 ] && { echo "fault suite tools present"; exit 0; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${missing[*]} for the fault suite"
$sudo apt-get update -qq
# A policy-rc.d keeps the packages' own services from starting (the suite runs its own); one the
# machine already has is left as it is.
ours=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  ours=1
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
[ -z "$ours" ] || $sudo rm -f /usr/sbin/policy-rc.d
