#!/usr/bin/env bash
# CPU job: the README's test command (the same one .ci/run uses).
exec "$(dirname "$0")/../.ci/run"
