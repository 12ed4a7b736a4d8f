#!/usr/bin/env bash
# The consumer matrix: what other teams' tools make of schemas/, each at a pinned version with its
# default settings (see the README's "Schemas for other teams' tools"). Installs the tools itself
# under target/consumers/ (npm packages from package.json + package-lock.json, Python ones from
# requirements.txt, in a venv), reinstalling only when those files change, writes the fixtures
# from the spec (`cargo xtask consumer-fixtures`), runs every row and times it.
# Java: the machine's javac and java, and Jackson from the Debian packages debian-packages.txt
# pins (fetched with apt-get download, unpacked under target/consumers/java/); the Java row's
# check is QuicktypeCheck.java.
# Exit 0 when every row passes; 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/target/consumers"
mkdir -p "$work"
cd "$root"

stamp() { cat "$@" | sha256sum | cut -c1-16; }
now() { date +%s%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

t0=$(now)
# npm: the tools, exactly as package-lock.json pins them.
node_dir="$work/node"
want=$(stamp "$here/package.json" "$here/package-lock.json")
if [ "$(cat "$node_dir/.stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$node_dir/.stamp"
fi
# The scripts run beside the packages they import.
cp "$here"/*.mjs "$node_dir/"
# Python: a venv with requirements.txt.
py_dir="$work/py"
want=$(stamp "$here/requirements.txt")
if [ "$(cat "$py_dir/.stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$py_dir"
  python3 -m venv "$py_dir"
  "$py_dir/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$py_dir/.stamp"
fi
# Java: the machine's JDK (the image has Debian's openjdk-17-jdk-headless; installed here, as
# root, where it is missing), and Jackson's jars from the pinned Debian packages (downloaded, not
# installed).
if ! command -v javac >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless
fi
java_dir="$work/java"
want=$(stamp "$here/debian-packages.txt")
if [ "$(cat "$java_dir/.stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$java_dir" && mkdir -p "$java_dir/debs"
  mapfile -t debs < <(grep -v -e '^#' -e '^$' "$here/debian-packages.txt")
  fetch_debs() { (cd "$java_dir/debs" && apt-get download -q "${debs[@]}") >"$java_dir/apt.log" 2>&1; }
  # A new machine may have no package lists yet: read them once (as root, as CI runs) and retry.
  if ! fetch_debs && ! { [ "$(id -u)" -eq 0 ] && apt-get update -q >>"$java_dir/apt.log" 2>&1 && fetch_debs; }; then
    cat "$java_dir/apt.log"
    echo "consumers: cannot fetch ${debs[*]}" >&2
    exit 1
  fi
  for deb in "$java_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$java_dir/root"; done
  echo "$want" > "$java_dir/.stamp"
fi
jackson_cp=$(printf '%s:' "$java_dir"/root/usr/share/java/jackson-{annotations,core,databind}.jar)
jackson_cp=${jackson_cp%:}
echo "consumers: tools ready in $(elapsed "$t0") s"

t=$(now)
cargo run -q -p xtask -- consumer-fixtures --out "$work" >/dev/null
fixtures="$work/fixtures.json"
schemas="$root/schemas"
echo "consumers: fixtures in $(elapsed "$t") s"

passed=0
failed=0
row() {
  local name=$1
  shift
  local t
  t=$(now)
  if "$@"; then
    passed=$((passed + 1))
    echo "consumers: ok   $name ($(elapsed "$t") s)"
  else
    failed=$((failed + 1))
    echo "consumers: FAIL $name ($(elapsed "$t") s)"
  fi
}
row "openapi-typescript, json-schema-to-typescript + tsc --strict" \
  node "$node_dir/typescript.mjs" "$fixtures" "$schemas" "$work/out/ts"
row "ajv 2020 strict" node "$node_dir/ajv.mjs" "$fixtures" "$schemas"
row "datamodel-code-generator -> pydantic v2" \
  "$py_dir/bin/python" "$here/pydantic_check.py" "$fixtures" "$schemas" "$work/out/py"
# quicktype's Java from the schema files (default settings: package io.quicktype, one top-level
# type per file, named by its title), compiled with javac against Jackson, and QuicktypeCheck.java.
quicktype_java() {
  local out="$work/out/java" pkg=io.quicktype
  local src="$out/src/${pkg//.//}"
  rm -rf "$out" && mkdir -p "$src" "$out/classes"
  "$node_dir/node_modules/.bin/quicktype" --lang java --src-lang schema --quiet -o "$src/Converter.java" \
    "$schemas"/*/*.json || return 1
  # Debian's jackson-databind 2.14.0-1+deb12u1 declares ObjectWriter.writeValueAsString as throwing
  # IOException too (upstream: JsonProcessingException only), which the Converter's *ToJsonString
  # helpers do not declare: widen their `throws`, nothing else.
  sed -i -E 's/(ToJsonString\([A-Za-z0-9_]+ obj\)) throws JsonProcessingException/\1 throws IOException/' "$src/Converter.java"
  # Short-lived JVMs: the quick JIT tier and the serial collector start fastest (a third of the time).
  local jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC) log
  log=$(javac "${jvm[@]/#/-J}" -nowarn -d "$out/classes" -cp "$jackson_cp" "$src"/*.java \
    "$here/QuicktypeCheck.java" 2>&1) || { echo "$log"; return 1; }
  java "${jvm[@]}" -cp "$out/classes:$jackson_cp" QuicktypeCheck "$fixtures" "$schemas" "$pkg"
}
row "quicktype -> Java (Jackson)" quicktype_java
row "openapi-core" "$py_dir/bin/python" "$here/openapi_core_check.py" "$fixtures" "$schemas"
redocly_lint() {
  local out
  out=$("$node_dir/node_modules/.bin/redocly" lint "$schemas/openapi.json" --config "$here/redocly.yaml" \
    --format=stylish 2>&1) || { echo "$out"; return 1; }
  # A warning is a failure too: every one the matrix accepts is configured, with its reason.
  if echo "$out" | grep -Eq '^\s+[0-9]+:[0-9]+\s+warning'; then echo "$out"; return 1; fi
}
row "redocly lint (recommended)" redocly_lint

echo "consumers: $passed passed, $failed failed ($(elapsed "$t0") s in all)"
[ "$failed" -eq 0 ]
