# shellcheck shell=bash
# Sourced by ./kata and ./kata-bench: find a JDK 25 or newer without any configuration.
#
# Search order: $JAVA_HOME, the java on PATH, then the usual install places (Debian/Ubuntu
# /usr/lib/jvm, sdkman, IntelliJ's ~/.jdks, /opt, macOS /Library/Java/JavaVirtualMachines).
# find_jdk prints the JDK's home, or one line listing every candidate tried and returns 1.

REQUIRED=25

# Print the major version of the JDK at $1, or nothing if it is not a JDK (no javac).
jdk_major() {
  local home="$1" version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version="${version#1.}"
  printf '%s' "${version%%[.+-]*}"
}

find_jdk() {
  local candidates=() seen=" " home major tried=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    local java_bin
    java_bin=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
    candidates+=("$(dirname "$(dirname "$java_bin")")")
  fi
  local pattern
  for pattern in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /opt/java/* /opt/jdk* \
      /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$pattern" ] && candidates+=("$pattern")
  done
  local candidate
  for candidate in "${candidates[@]}"; do
    if ! home=$(cd "$candidate" 2>/dev/null && pwd -P); then
      tried+=("$candidate (no such folder)")
      continue
    fi
    case "$seen" in *" $home "*) continue ;; esac
    seen="$seen$home "
    major=$(jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$REQUIRED" ] 2>/dev/null; then
      printf '%s' "$home"
      return 0
    fi
    tried+=("$home (${major:-not a JDK})")
  done
  local IFS=','
  echo "${KATA_TOOL:-kata}: no JDK $REQUIRED or newer found; tried: ${tried[*]:-nothing}. Install JDK $REQUIRED+ or set JAVA_HOME to one." >&2
  return 1
}

