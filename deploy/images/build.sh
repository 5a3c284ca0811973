#!/usr/bin/env bash
# Builds Crawler's three images — crawler-silo, crawler-api, crawler-store — with the .NET SDK's container support
# (dotnet publish /t:PublishContainer), and pushes them to a registry.
#
#   deploy/images/build.sh                      # offline: a local base image and a registry on 127.0.0.1
#   deploy/images/build.sh --microsoft-base     # a connected machine: Microsoft's aspnet base image, to --registry
#
# Offline (the default), no outside registry is needed: the script starts Debian's docker-registry on 127.0.0.1 (unless
# one answers there), builds a base image from scratch with buildah — the few libraries a self-contained .NET app loads,
# the CA bundle, a non-root user (1654, as Microsoft's images) — and publishes the three apps self-contained onto it.
# Needs root, buildah and docker-registry (tests/install-debian-packages.sh installs them).
#
# Options: --registry HOST:PORT (default 127.0.0.1:5000), --tag TAG (default latest), --microsoft-base.
# Prints the three image references at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

registry=127.0.0.1:5000
tag=latest
offline=1
while [ $# -gt 0 ]; do
    case "$1" in
        --registry) registry=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        --microsoft-base) offline=0; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

work=$(mktemp -d /tmp/crawler-images-XXXXXX)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

registry_answers() { curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null; }

if [ "$offline" = 1 ]; then
    if ! registry_answers; then
        case "$registry" in 127.*|localhost:*) ;; *) echo "no registry answers at $registry" >&2; exit 1 ;; esac
        # Debian's docker-registry, in memory, on loopback only; it lives as long as this machine's session.
        cat > "$work/registry.yml" <<YAML
version: 0.1
storage:
  inmemory: {}
http:
  addr: $registry
YAML
        mkdir -p /tmp/crawler-registry && cp "$work/registry.yml" /tmp/crawler-registry/config.yml
        nohup docker-registry serve /tmp/crawler-registry/config.yml > /tmp/crawler-registry/registry.log 2>&1 &
        for _ in $(seq 1 50); do registry_answers && break; sleep 0.2; done
        registry_answers || { echo "the local registry did not start (see /tmp/crawler-registry/registry.log)" >&2; exit 1; }
    fi
    export DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry

    # The libraries to copy: what the runtime's native parts and the apps' native packages (Garnet's Lua) load.
    dotnet publish src/Crawler.Store -c Release --os linux --arch x64 --self-contained -o "$work/probe" -v q -nologo > /dev/null
    libraries=$(find "$work/probe" -name '*.so' -exec ldd {} \; 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | sort -u)
    # Loaded with dlopen, so ldd does not list them: OpenSSL and the CA bundle for TLS.
    libraries="$libraries $(ls /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3)"

    base=$(buildah from scratch)
    root=$(buildah mount "$base")
    for library in $libraries; do
        mkdir -p "$root$(dirname "$library")"
        cp -L "$library" "$root$library"
    done
    mkdir -p "$root/lib64" "$root/etc/ssl/certs" "$root/tmp" "$root/app" "$root/data" "$root/downloads"
    [ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
    cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
    printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/app:/sbin/nologin\n' > "$root/etc/passwd"
    printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
    chmod 1777 "$root/tmp"
    chown 1654:1654 "$root/data" "$root/downloads"
    buildah umount "$base" > /dev/null
    buildah config \
        --user 1654:1654 --workingdir /app \
        --env APP_UID=1654 --env ASPNETCORE_HTTP_PORTS=8080 \
        --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 --env DOTNET_RUNNING_IN_CONTAINER=true \
        --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
        --label org.opencontainers.image.title=crawler-base "$base"
    buildah rmi -f "crawler-base:10" > /dev/null 2>&1 || true # no stale copy left behind, nameless
    buildah commit -q "$base" "crawler-base:10" > /dev/null
    buildah rm "$base" > /dev/null
    buildah push -q --tls-verify=false "crawler-base:10" "docker://$registry/crawler-base:10"
    publish=(--os linux --arch x64 --self-contained -p:ContainerBaseImage="$registry/crawler-base:10")
else
    publish=(--os linux --arch x64)
fi

for project in Crawler.Silo Crawler.Api Crawler.Store; do
    dotnet publish "src/$project" -c Release "${publish[@]}" /t:PublishContainer \
        -p:ContainerRegistry="$registry" -p:ContainerImageTags="$tag" -v q -nologo > "$work/$project.log" \
        || { cat "$work/$project.log" >&2; exit 1; }
done

for image in crawler-silo crawler-api crawler-store; do
    echo "$registry/$image:$tag"
done
