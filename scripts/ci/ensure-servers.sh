#!/usr/bin/env bash
# Starts whichever of PostgreSQL, Redis and RabbitMQ is not answering, and waits until each does.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local name=$1 port=$2 tries=${3:-60}
  for _ in $(seq "$tries"); do
    port_open "$port" && { echo "$name is up on :$port"; return 0; }
    sleep 1
  done
  echo "$name did not come up on :$port" >&2
  return 1
}

if ! port_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
wait_port PostgreSQL 5432

if ! port_open 6379; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis
fi
wait_port Redis 6379

if ! port_open 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
fi
wait_port RabbitMQ 5672 120
# The port opens before the broker accepts AMQP sessions; ask it directly when the CLI is there.
if command -v rabbitmqctl >/dev/null 2>&1; then
  timeout 120 rabbitmqctl await_startup >/dev/null 2>&1 || echo "rabbitmqctl await_startup did not answer; going on"
fi
