#!/usr/bin/env bash
# Installs the reference tools (OPA v1.17.1, gator v3.23.0) from the Go module proxy and
# prints where they are, plus the path of OPA's conformance suite. Idempotent: a tool that is
# already installed at the right version is not rebuilt. Never copies anything into the repo.
#
#   scripts/peers.sh            install if needed, print KEY=VALUE lines
#   eval "$(scripts/peers.sh)"  export OPA_BIN, GATOR_BIN, OPA_SUITE into the shell
#   scripts/peers.sh --opa v1.13.2
#                               also install that OPA version (into $GOPATH/opa-versions/<v>/,
#                               cached) and print OPA_<v>_BIN: the evidence behind the
#                               "difference of OPA versions" classes of docs/reliability.md
set -euo pipefail

extra_opa=()
while [ $# -gt 0 ]; do
  case "$1" in
    --opa) [ $# -ge 2 ] || { echo "peers.sh: --opa needs a version (e.g. v1.13.2)" >&2; exit 2; }
           extra_opa+=("$2"); shift 2 ;;
    *) echo "peers.sh: unknown argument '$1' (usage: peers.sh [--opa VERSION]...)" >&2; exit 2 ;;
  esac
done

OPA_VERSION=v1.17.1
GATOR_VERSION=v3.23.0

if ! command -v go >/dev/null 2>&1; then
  echo "peers.sh: Go is not installed; the peers (opa, gator) cannot be built" >&2
  exit 1
fi

gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
modcache="$(go env GOMODCACHE)"

have_version() { # binary, expected version
  [ -x "$1" ] && "$1" version 2>/dev/null | grep -q "${2#v}"
}

if ! have_version "$gobin/opa" "$OPA_VERSION"; then
  echo "peers.sh: installing opa $OPA_VERSION (go install; takes a few minutes the first time)" >&2
  go install "github.com/open-policy-agent/opa@$OPA_VERSION" >&2
fi
if ! have_version "$gobin/gator" "$GATOR_VERSION"; then
  echo "peers.sh: installing gator $GATOR_VERSION (go install; takes a few minutes the first time)" >&2
  go install "github.com/open-policy-agent/gatekeeper/v3/cmd/gator@$GATOR_VERSION" >&2
fi

suite="$modcache/github.com/open-policy-agent/opa@$OPA_VERSION/v1/test/cases/testdata"
if [ ! -d "$suite" ]; then
  go mod download "github.com/open-policy-agent/opa@$OPA_VERSION" >&2
fi

for v in "${extra_opa[@]}"; do
  dir="$(go env GOPATH)/opa-versions/$v"
  if ! have_version "$dir/opa" "$v"; then
    echo "peers.sh: installing opa $v into $dir" >&2
    mkdir -p "$dir"
    GOBIN="$dir" go install "github.com/open-policy-agent/opa@$v" >&2
  fi
  echo "OPA_$(echo "${v#v}" | tr . _)_BIN=$dir/opa"
done

echo "OPA_BIN=$gobin/opa"
echo "GATOR_BIN=$gobin/gator"
echo "OPA_SUITE=$suite"
