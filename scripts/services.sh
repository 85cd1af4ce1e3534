#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer,
# starting Debian's packaged servers the way this project's machines do.
# Tests that need them skip with a message when they still cannot be reached.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
fi
if ! port_open 6379; then
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
fi
for _ in $(seq 1 30); do
  port_open 5432 && port_open 6379 && break
  sleep 1
done
port_open 5432 && echo "PostgreSQL: up" || echo "PostgreSQL: not reachable (PostgreSQL tests will skip)"
port_open 6379 && echo "Redis: up" || echo "Redis: not reachable (Redis tests will skip)"
