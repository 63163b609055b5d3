#!/usr/bin/env python3
"""Installs the newest Node.js of one major line, with npm, from the npm registry.

Usage: install-node.py MAJOR DEST   (prints the folder whose bin/ holds node, npm, npx)

Why the npm registry and not nodejs.org: the registry is the one source every machine that
builds the UI can already reach (CI and offline-ish build hosts often reach package
registries only), and Debian's own nodejs is too old (Debian 12 ships Node 18). Node's
official Linux binaries are published there as `node-linux-<arch>` (bin/node only) and npm
as the `npm` package, which bundles its dependencies. Both tarballs are checked against the
registry's sha512 integrity before anything is unpacked.

The result mirrors nodejs.org's layout, DEST/<version>/{bin/node, lib/node_modules/npm,
bin/npm, bin/npx}, and appears by an atomic rename, so an interrupted install leaves
nothing that looks installed. Standard library only: it runs before any Node exists.
"""

import base64
import hashlib
import io
import json
import os
import platform
import shutil
import sys
import tarfile
import tempfile
import urllib.request

# The npm line that Node 24 ships with.
NPM_MAJOR = 11
ARCHES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def registry():
    url = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")
    return (url or "https://registry.npmjs.org/").rstrip("/") + "/"


def get(url):
    request = urllib.request.Request(
        url, headers={"Accept": "application/vnd.npm.install-v1+json; q=1.0, application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def newest(package, major):
    """The newest release (no pre-release) of `package` in the given major line."""
    versions = json.loads(get(registry() + package))["versions"]
    candidates = []
    for version, manifest in versions.items():
        parts = version.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and int(parts[0]) == major:
            candidates.append((tuple(int(p) for p in parts), version, manifest["dist"]))
    if not candidates:
        sys.exit(f"{package}: no {major}.x release on {registry()}")
    _, version, dist = max(candidates)
    return version, dist


def fetch_verified(package, dist):
    data = get(dist["tarball"])
    algorithm, _, expected = dist["integrity"].partition("-")
    if algorithm != "sha512" or hashlib.sha512(data).digest() != base64.b64decode(expected):
        sys.exit(f"{package}: the downloaded tarball does not match the registry's integrity")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def unpack(archive, member_prefix, dest):
    """Extracts the members under `member_prefix` (npm tarballs put all under `package/`)."""
    os.makedirs(dest, exist_ok=True)
    for member in archive.getmembers():
        if not member.name.startswith(member_prefix):
            continue
        member.name = member.name[len(member_prefix):]
        if not member.name:
            continue
        if hasattr(tarfile, "data_filter"):
            archive.extract(member, dest, filter="data")
        elif member.name.startswith("/") or ".." in member.name.split("/") or member.islnk() or member.issym():
            sys.exit(f"refusing the tarball member {member.name!r}")
        else:
            archive.extract(member, dest)


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__.strip().splitlines()[2])
    major, dest = int(sys.argv[1]), sys.argv[2]
    arch = ARCHES.get(platform.machine().lower())
    if platform.system() != "Linux" or arch is None:
        sys.exit(f"no Node binary package for {platform.system()} {platform.machine()}")
    node_package = f"node-linux-{arch}"
    node_version, node_dist = newest(node_package, major)
    npm_version, npm_dist = newest("npm", NPM_MAJOR)
    final = os.path.join(dest, f"v{node_version}")
    if os.path.exists(os.path.join(final, "bin", "npm")):
        print(final)
        return
    os.makedirs(dest, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".v{node_version}-", dir=dest)
    try:
        print(f"installing Node {node_version} and npm {npm_version} from {registry()}", file=sys.stderr)
        unpack(fetch_verified(node_package, node_dist), "package/", staging)
        npm_root = os.path.join(staging, "lib", "node_modules", "npm")
        unpack(fetch_verified("npm", npm_dist), "package/", npm_root)
        os.chmod(os.path.join(staging, "bin", "node"), 0o755)
        for tool in ("npm", "npx"):
            cli = os.path.join(npm_root, "bin", f"{tool}-cli.js")
            os.chmod(cli, 0o755)
            os.symlink(f"../lib/node_modules/npm/bin/{tool}-cli.js", os.path.join(staging, "bin", tool))
        os.chmod(staging, 0o755)
        os.rename(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(final)


if __name__ == "__main__":
    main()
