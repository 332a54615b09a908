#!/usr/bin/env bash
# Fetches the official native ONNX Runtime (linux-x64) into <repo>/.tools/onnxruntime/.
#
# Microsoft.ML.OnnxRuntime is not on our NuGet mirror, so we take the very same native library from the
# npm package onnxruntime-node (its install script is never run: we only unpack one file from the tarball).
# Idempotent and quiet when the library is already in place; set ONNXRUNTIME_FETCH_FORCE=1 to fetch again.
set -euo pipefail

readonly ORT_VERSION="1.30.0"
readonly PACKAGE="onnxruntime-node@${ORT_VERSION}"
readonly MEMBER="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
# The 1.30.0 library is ~45 MB; anything far smaller is a truncated download or an LFS/HTML stub.
readonly MIN_BYTES=$((20 * 1024 * 1024))

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target_dir="${repo_root}/.tools/onnxruntime"
target="${target_dir}/libonnxruntime.so.1"
stamp="${target_dir}/VERSION"

is_valid_library() {
    local file="$1"
    [[ -f "$file" ]] || return 1
    [[ "$(stat -c %s "$file")" -ge "$MIN_BYTES" ]] || return 1
    # ELF magic: 0x7f 'E' 'L' 'F', then class 2 (64-bit).
    [[ "$(head -c 5 "$file" | od -An -tx1 | tr -d ' \n')" == "7f454c4602" ]] || return 1
    # The exported entry point every binding starts from.
    if command -v nm >/dev/null 2>&1; then
        nm -D --defined-only "$file" 2>/dev/null | grep -q ' OrtGetApiBase' || return 1
    fi
    # Every shared library it needs (glibc, libstdc++) must resolve on this machine.
    if command -v ldd >/dev/null 2>&1; then
        ! ldd "$file" 2>/dev/null | grep -q 'not found' || return 1
    fi
}

if [[ "${ONNXRUNTIME_FETCH_FORCE:-0}" != "1" ]] && is_valid_library "$target" \
    && [[ "$(cat "$stamp" 2>/dev/null)" == "$ORT_VERSION" ]]; then
    exit 0
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

echo "fetch-onnxruntime: downloading ${PACKAGE} (native library only)" >&2
tarball="$(cd "$work_dir" && npm pack --silent --ignore-scripts "$PACKAGE" | tail -n 1)"
tar -xzf "${work_dir}/${tarball}" -C "$work_dir" "$MEMBER"

if ! is_valid_library "${work_dir}/${MEMBER}"; then
    echo "fetch-onnxruntime: ${MEMBER} in ${tarball} is not a valid x86-64 ONNX Runtime library" >&2
    exit 1
fi

mkdir -p "$target_dir"
# Replace atomically so a running test never sees a half-written library.
install -m 0644 "${work_dir}/${MEMBER}" "${target}.tmp"
mv -f "${target}.tmp" "$target"
echo "$ORT_VERSION" > "$stamp"
echo "fetch-onnxruntime: installed ${target}" >&2
