#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (the test tool's own browser download cannot be
# fetched on these machines): install it when it is missing.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown')"
  exit 0
fi
echo "installing chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
