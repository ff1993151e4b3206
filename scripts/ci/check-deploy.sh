#!/usr/bin/env bash
# Checks the deployment files offline: nginx -t on the edge configuration, then
# scripts/ci/check-deploy.ts (Dockerfile, the Compose file against the Compose schema and the
# code, the Kubernetes overlays rendered by kubectl kustomize against the Kubernetes schemas).
# Installs nginx and kubectl from Debian when missing (CI runs on a fresh machine). Exits non-zero
# on the first tool that fails and on any problem found.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian packages, as root or through sudo (a GitHub runner). Debian calls the small nginx
# nginx-light; distributions without it have plain nginx.
install_packages() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# nginx is in /usr/sbin, which a non-root PATH may lack.
find_nginx() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
NGINX=$(find_nginx)
if [ -z "$NGINX" ]; then
  echo "installing nginx for nginx -t"
  install_packages nginx-light || install_packages nginx
  NGINX=$(find_nginx)
  [ -n "$NGINX" ] || { echo "nginx could not be installed" >&2; exit 1; }
fi

if ! command -v kubectl >/dev/null 2>&1; then
  echo "installing kubectl for kubectl kustomize"
  install_packages kubectl || { echo "kubectl is not installed and no apt source offers it" >&2; exit 1; }
fi

# --- nginx -t -------------------------------------------------------------------------------
# nginx resolves upstream hosts while testing, and `gateway` only resolves inside the Compose
# network. So the test runs on a copy in which (1) upstream server hosts become 127.0.0.1 —
# ports, weights, keepalive and everything else unchanged — and (2) /tmp/ paths (pid, temp
# dirs) point into the test's own directory. We keep a real `upstream` block (a `resolver` plus
# a variable in proxy_pass would re-resolve at run time, but loses the keep-alive pool, and the
# Docker DNS gives every replica's address at start anyway).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -E \
  -e 's/^([[:space:]]*server[[:space:]]+)[A-Za-z0-9._-]+(:[0-9]+)/\1127.0.0.1\2/' \
  -e "s#/tmp/#$work/#g" \
  deploy/nginx/nginx.conf > "$work/nginx.conf"
if ! grep -qE '^[[:space:]]*server[[:space:]]+127\.0\.0\.1:' "$work/nginx.conf"; then
  echo "deploy/nginx/nginx.conf: no upstream server line found to test" >&2
  exit 1
fi
echo "nginx -t deploy/nginx/nginx.conf ($("$NGINX" -v 2>&1 | sed 's/^nginx version: //'))"
"$NGINX" -t -q -p "$work/" -c "$work/nginx.conf"

# --- docker compose config, only where it works offline ---------------------------------------
if docker compose version >/dev/null 2>&1; then
  echo "docker compose config"
  IDENTITY_KEY_ENCRYPTION_KEY=Y2hlY2stZGVwbG95LWtleS1jaGVjay1kZXBsb3ktMDA \
  PAYMENTS_CARD_TOKEN_SECRET=check-deploy-stand-in-card-token-secret-0123456789 \
    docker compose -f deploy/compose/compose.yaml --env-file deploy/compose/.env.example config --quiet
else
  echo "docker compose: not installed here; the Compose schema check below stands in for it"
fi

# --- the rest: schemas and the code's own rules ---------------------------------------------
npx --no-install tsx scripts/ci/check-deploy.ts
