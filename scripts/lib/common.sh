# Shared helpers for scripts/run, scripts/test and scripts/clinimg. Source it; do not run it.
# Everything here is idempotent and quiet when there is nothing to do.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root (or sudo) to run: $*"; fi
}

# Debian packages the service and the tests need. Installs only what is missing.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js's npm, used once to fetch the official ONNX Runtime build; a Node.js that ships its own npm is fine.
ensure_npm() {
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://learn.microsoft.com/dotnet/core/install/linux-debian"
  dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK is required (found: $(dotnet --list-sdks | tr '\n' ' '))"
}

# Packages needed at run time by the service itself (npm only fetches the ONNX Runtime library).
RUNTIME_PACKAGES=(postgresql libgdcm-cil ca-certificates)
# Real peers and oracles the tests use on top of those. The Orthanc tests start their own Orthanc servers on free
# loopback ports; the system service the orthanc package enables (:8042/:4242) is not used.
# python3-torch: the inference tests regenerate held-out cases with models/training and take autograd gradients.
TEST_PACKAGES=(python3-pydicom python3-numpy python3-pil python3-onnx python3-torch python3-yaml dcmtk dicom3tools orthanc)

# promtool and the Prometheus server binary for the metrics tests. The Debian package also enables a system service
# on :9090, which nothing here needs: it is stopped and disabled where systemd runs.
ensure_prometheus_binaries() {
  dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed" && return 0
  ensure_apt_packages prometheus
  if [ -d /run/systemd/system ]; then as_root systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
}

pg_bin_dir() {
  local dir
  for dir in ${PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  die "PostgreSQL server binaries not found (install the Debian package postgresql, or set PG_BIN)"
}
