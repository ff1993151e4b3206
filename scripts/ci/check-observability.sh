#!/usr/bin/env bash
# CI: the Prometheus configurations (Compose, Swarm, Kubernetes: every prometheus*.yml), their
# recording and alerting rules, and the rules' unit tests, checked by promtool. Installs Debian's `prometheus` package when promtool is missing (a fresh
# CI machine); its daemon is kept from starting, so port 9090 stays free. The Grafana dashboards
# and the live scrape are checked by the test suite (tests/observability), which needs the
# prometheus binary installed here.
set -euo pipefail
cd "$(dirname "$0")/../.."

PROMETHEUS_DIR=deploy/prometheus

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

listening_on_9090() {
  (exec 3<>/dev/tcp/127.0.0.1/9090) 2>/dev/null
}

install_prometheus() {
  echo "promtool not found: installing Debian's prometheus package"
  local busy_before=no
  if listening_on_9090; then busy_before=yes; fi
  # invoke-rc.d and deb-systemd-invoke ask policy-rc.d before starting a service: 101 = "not now".
  local policy=/usr/sbin/policy-rc.d ours=no
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    ours=yes
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
  if [ "$ours" = yes ]; then as_root rm -f "$policy"; fi
  if [ "$busy_before" = no ] && listening_on_9090; then
    echo "the package started its daemon despite the policy: stopping it" >&2
    if [ -d /run/systemd/system ]; then
      as_root systemctl disable --now prometheus.service
    else
      as_root service prometheus stop
    fi
  fi
}

command -v promtool >/dev/null 2>&1 || install_prometheus
promtool --version 2>&1 | head -n 1

echo "-- promtool check config"
for config in "$PROMETHEUS_DIR"/prometheus*.yml; do
  promtool check config "$config"
done
echo "-- promtool check rules"
promtool check rules "$PROMETHEUS_DIR"/rules/*.yml
echo "-- promtool test rules"
promtool test rules "$PROMETHEUS_DIR"/tests/*.yml
