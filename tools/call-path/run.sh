#!/usr/bin/env bash
# Traces one test's logout through the library's own code and prints the figures (README.md).
# Usage: tools/call-path/run.sh <TestClass>#<method> [module, default moonkey-servlet]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <TestClass>#<method> [module]" >&2
  exit 2
fi
test=$1
module=${2:-moonkey-servlet}
root=$(cd "$(dirname "$0")/../.." && pwd)
java="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
tool="$root/tools/call-path/CallPath.java"
out="$root/target/call-path"
mkdir -p "$out"
cd "$root"

port=$("$java" "$tool" --free-port)
# suspend=y: the test JVM waits for the tracer before it runs anything.
./mvnw -B -o -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmaven.surefire.debug="-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:$port" \
  test >"$out/maven.log" 2>&1 &
maven=$!
trap 'kill "$maven" 2>/dev/null || true' INT TERM

echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- "$module" || echo ' (modified)'), test $test"
status=0
"$java" "$tool" --port "$port" --while-pid "$maven" --test-classes "$module/target/test-classes" \
  --main-sources "$module/src/main/java" --trace "$out/trace.txt" >"$out/figures.txt" || status=$?
if ! wait "$maven"; then
  echo "the test run failed: $out/maven.log" >&2
  tail -n 30 "$out/maven.log" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
# The logout's own log line: how it ended under the tracer (revoked, or pending if slowed down).
grep -h "Logout:" "$module"/target/surefire-reports/*."${test%%#*}"-output.txt 2>/dev/null | sed 's/^/logged: /' || true
cat "$out/figures.txt"
