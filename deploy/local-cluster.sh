#!/usr/bin/env bash
# K Streamlit processes of the app behind nginx with sticky sessions, on loopback.
# Usage: bash deploy/local-cluster.sh [--processes 2] [--port 8080] [--database-url URL] [--demo] [--check]
# See deploy/local_cluster.py and deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m deploy.local_cluster "$@"
