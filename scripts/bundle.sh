#!/usr/bin/env bash
# Packs tousu for nodes without a Swift toolchain: a release build with the Swift runtime linked
# statically (--static-swift-stdlib), the model, the lexicons and the nature corpus (which `tousu
# train` counts) in one archive that `spark-submit --archives BUNDLE#tousu` and Hadoop Streaming's
# `-archives BUNDLE#tousu` unpack on every node as ./tousu:
#
#   tousu/bin/tousu  tousu/models/sectors.tousu  tousu/lexicons/  tousu/corpora/natures/train.jsonl
#   tousu/NEEDS.txt  (the shared libraries the binary still loads from the node, and their packages)
#
# It then unpacks the archive into an empty folder and runs the binary there with an environment
# that has no Swift toolchain on any path (env -i, no LD_LIBRARY_PATH) and checks that no Swift
# library is loaded.
#
#   scripts/bundle.sh [--model FILE] [--output dist/tousu-bundle.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."

model=models/sectors.tousu
output=dist/tousu-bundle.tar.gz
build=.build-bundle
while [ $# -gt 0 ]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --output) output="$2"; shift 2 ;;
        *) echo "bundle.sh: unknown option $1 (--model FILE, --output FILE)" >&2; exit 64 ;;
    esac
done

echo "== release build, Swift runtime static ($build)"
swift build -c release --static-swift-stdlib --product tousu --build-path "$build" 2>&1 | tail -n 2
binary="$build/release/tousu"

if [ ! -f "$model" ]; then
    echo "== training $model from corpora/sectors/train.jsonl"
    "$binary" train corpora/sectors/train.jsonl -o "$model"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/tousu"
mkdir -p "$root/bin" "$root/models" "$root/corpora/natures"
cp "$binary" "$root/bin/tousu"
strip "$root/bin/tousu" 2>/dev/null || true
cp "$model" "$root/models/sectors.tousu"
cp -R lexicons "$root/lexicons"
cp corpora/natures/train.jsonl "$root/corpora/natures/train.jsonl"

# What the binary still loads from the node: every shared library but the Swift runtime's.
libs=$(ldd "$root/bin/tousu" | awk '/=>/ { print $1 " " $3 } /ld-linux/ && !/=>/ { print $1 " " $1 }')
if echo "$libs" | grep -Eq 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime'; then
    echo "bundle.sh: the binary still links the Swift runtime dynamically:" >&2
    echo "$libs" | grep -E 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime' >&2
    exit 1
fi
{
    echo "tousu $("$root/bin/tousu" --version) — built $(date -u +%Y-%m-%d) on $(. /etc/os-release && echo "$PRETTY_NAME") ($(uname -m))"
    echo "The Swift runtime is linked in. The node needs these shared libraries (Debian packages):"
    echo "$libs" | while read -r name path; do
        package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
        [ -n "$package" ] || package=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
        version=$([ -n "$package" ] && dpkg-query -W -f='${Version}' "$package" 2>/dev/null || true)
        echo "  $name  ${package:-?} ${version}"
    done
    echo "glibc: $(ldd --version | head -n 1)"
} > "$root/NEEDS.txt"

mkdir -p "$(dirname "$output")"
tar -czf "$output.partial" -C "$root" .
mv "$output.partial" "$output"

echo "== checking the bundle in an empty folder without a Swift toolchain"
check=$(mktemp -d)
trap 'rm -rf "$stage" "$check"' EXIT
mkdir "$check/tousu"
tar -xzf "$output" -C "$check/tousu"
got=$(cd "$check" && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 tousu/bin/tousu classify --model tousu/models/sectors.tousu "4S店拒绝三包，车门异响")
echo "$got" | grep -q '"sector":"auto"' || { echo "bundle.sh: the unpacked bundle does not classify: $got" >&2; exit 1; }
loaded=$(cd "$check" && env -i PATH=/usr/bin:/bin LD_DEBUG=libs tousu/bin/tousu --version 2>&1 | grep -E 'calling init: ' | awk '{print $NF}' | sort -u)
if echo "$loaded" | grep -q -i swift; then
    echo "bundle.sh: the unpacked bundle loads a Swift library: $loaded" >&2
    exit 1
fi
cat "$check/tousu/NEEDS.txt"
echo "bundle: $output ($(du -h "$output" | cut -f1)), runs from an empty folder with env -i (no Swift library loaded)"
