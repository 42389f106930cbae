#!/usr/bin/env bash
# The base image of the platform's containers on machines without a registry (CI, the simulated cluster):
# a Java runtime jlinked from the build's own JDK at /opt/java/openjdk (the layout, PATH and JAVA_HOME of the
# eclipse-temurin images used for releases), the shared libraries that runtime loads (found with ldd), and a
# world-writable /tmp; no shell, no package manager. Written as a `docker save` tarball, which Jib takes as
# `tar://` base, without a Docker daemon.
#
#   deploy/image/base-image.sh JAVA_HOME OUT.tar
#
# Built once per JDK and version of this script into ~/.cache/air9-image (AIR9_IMAGE_CACHE), then copied to
# OUT.tar. Reproducible: sorted entries, fixed times and owners, so the same JDK gives the same layer digest.
set -euo pipefail

java_home=${1:?JAVA_HOME}
out=${2:?output tarball}
# What the operator and the API use (jdeps of their class paths, plus jcmd/JFR/JMX for diagnosing them).
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs
modules+=,java.rmi,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management
modules+=,jdk.management.agent,jdk.jcmd,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
# AWT's X11, sound, font and image codecs: headless servers never load them, and they need X11/freetype.
exclude='**libawt_xawt.so,**libsplashscreen.so,**libjsound.so,**libjawt.so,**libfontmanager.so'
exclude+=',**liblcms.so,**libjavajpeg.so'

key=$( (cat "$0"; cat "$java_home/release"; uname -m) | sha256sum | cut -c1-16)
cache_root=${AIR9_IMAGE_CACHE:-$HOME/.cache/air9-image}
cache=$cache_root/base-$key
if [[ ! -f $cache/base.tar ]]; then
  mkdir -p "$cache_root"
  work=$(mktemp -d "$cache_root/.build-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  root=$work/root
  jre=$root/opt/java/openjdk
  "$java_home/bin/jlink" --add-modules "$modules" --exclude-files="$exclude" --include-locales=en \
    --strip-debug --no-man-pages --no-header-files --output "$jre"
  # Debian's JDK keeps its trust store in ca-certificates-java: give the runtime a real one.
  if [[ -f /etc/ssl/certs/java/cacerts ]]; then cp -L /etc/ssl/certs/java/cacerts "$jre/lib/security/cacerts"; fi
  # The shared libraries of every ELF file of the runtime, at the paths the dynamic loader looks at.
  libs=$(find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) -print0 \
    | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
  for lib in $libs; do
    case $lib in "$jre"/*) continue ;; esac
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$root" -cf "$work/layer.tar" .
  diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  arch=$(uname -m); case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
  cat > "$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
  echo '[{"Config":"config.json","RepoTags":["air9/base:local"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$work/base.tar" \
    manifest.json config.json layer.tar
  mkdir -p "$work/done" && mv "$work/base.tar" "$work/done/base.tar"
  mv -T "$work/done" "$cache" 2>/dev/null || true   # another build finished first: same content
fi
mkdir -p "$(dirname "$out")"
ln -f "$cache/base.tar" "$out" 2>/dev/null || { cp "$cache/base.tar" "$out.tmp" && mv "$out.tmp" "$out"; }
echo "$out"
