# Sourced by .ci/run and ./streamgrad: exports JAVA_HOME pointing at a JDK >= 25.
# Order: an explicit JAVA_HOME that is new enough, the `java` on PATH, then JDKs under /usr/lib/jvm.

streamgrad_java_major() { # prints the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

streamgrad_select_jdk() {
  local wanted=25 candidate major
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(streamgrad_java_major "$candidate")
    if [ "${major:-0}" -ge "$wanted" ] 2>/dev/null; then
      JAVA_HOME=$(cd "$(dirname "$(readlink -f "$candidate")")/.." && pwd)
      export JAVA_HOME
      return 0
    fi
  done
  echo "streamgrad needs a JDK $wanted or newer, and none was found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "Install one, e.g. Eclipse Temurin 25 (apt-get install temurin-25-jdk from Adoptium's repository), or set JAVA_HOME to it." >&2
  return 1
}
