#!/usr/bin/env bash
# Back the repository up as one git bundle and prove that the backup restores.
#
#   .github/scripts/backup-verify.sh [REPO [OUT [WORK]]]
#
# REPO (default: the current folder) is the repository to back up; WORK (default: a temporary
# folder, removed at the end) receives WORK/restored and WORK/rebuilt; OUT (default: ./backup) receives
#   OUT/<name>-<UTC time>-<short sha>.bundle          every ref and object (`git bundle create --all`)
#   OUT/<same name>.bundle.sha256                     its checksum, for the copy kept off GitHub
#   OUT/restore-report.txt                            what was checked, the record of the restore test
#
# Steps, each of which stops the script when it fails:
#   1. `git bundle create --all`, then `git bundle verify` in the repository AND in an empty one,
#      so the bundle needs nothing else (no prerequisite commits) to be restored;
#   2. `git clone` the bundle into a fresh folder, `git fsck` it, and compare HEAD and every ref
#      with the original;
#   3. build every site from the restored folder alone (`build.py build --root RESTORED --no-cache`)
#      and check that each host got an index.html.
#
# Lạng Sơn: back up at least 3 times a week and keep a procedure that checks the readiness and
# integrity of the backups (000/001 Đ13.1.d); Thái Nguyên: at least once a week (003 Đ10.2).
#
# The build uses the restored repository's own build.py when it has one (the tool is restored
# too); a content-only repository is built with the tool this script belongs to. Override with
# CONGTT_BUILD="python /path/to/build.py". PYTHON picks the interpreter (default: python3).
set -euo pipefail

repo=$(cd "${1:-.}" && pwd)
out=${2:-backup}
mkdir -p "$out"
out=$(cd "$out" && pwd)
python=${PYTHON:-python3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tool_root=$(cd "$here/../.." && pwd)

step() { printf '==> %s\n' "$*"; }
fail() { printf '::error title=Backup check failed::%s\n' "$*" >&2; exit 1; }

git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || fail "$repo is not a git repository"
head=$(git -C "$repo" rev-parse --verify HEAD) || fail "$repo has no commit to back up"
[ "$(git -C "$repo" rev-parse --is-shallow-repository)" = false ] \
  || fail "$repo is a shallow clone: its history is incomplete (check out with fetch-depth: 0)"
name=$(basename "$repo")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
bundle="$out/$name-$stamp-${head:0:12}.bundle"

if [ -n "${3:-}" ]; then
  mkdir -p "$3"
  work=$(cd "$3" && pwd)
  [ -z "$(ls -A "$work")" ] || fail "$work is not empty"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/congtt-restore.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

step "git bundle create --all → $bundle"
git -C "$repo" bundle create "$bundle" --all
(cd "$out" && sha256sum "$(basename "$bundle")" > "$(basename "$bundle").sha256")

step "git bundle verify (in the repository, then in an empty repository)"
git -C "$repo" bundle verify "$bundle"
git init -q --bare "$work/empty.git"
git -C "$work/empty.git" bundle verify "$bundle" \
  || fail "the bundle needs commits it does not hold; it cannot be restored on its own"

restored="$work/restored"
step "git clone the bundle into a fresh folder"
git -c advice.detachedHead=false clone -q "$bundle" "$restored" || fail "git clone of the bundle failed"
git -C "$restored" fsck --full --no-dangling || fail "git fsck found damage in the restored repository"

restored_head=$(git -C "$restored" rev-parse --verify HEAD)
[ "$restored_head" = "$head" ] || fail "restored HEAD $restored_head is not the original $head"

# Every ref of the original must be in the bundle with the same object.
refs_original=$(git -C "$repo" for-each-ref --format='%(objectname) %(refname)' | LC_ALL=C sort)
refs_bundle=$(git bundle list-heads "$bundle" | grep -v ' HEAD$' | LC_ALL=C sort)
[ "$refs_original" = "$refs_bundle" ] || {
  diff <(printf '%s\n' "$refs_original") <(printf '%s\n' "$refs_bundle") >&2 || true
  fail "the bundle's refs differ from the repository's"
}
ref_count=$(printf '%s\n' "$refs_original" | grep -c . || true)

if [ -n "${CONGTT_BUILD:-}" ]; then
  build_cmd=$CONGTT_BUILD
elif [ -f "$restored/build.py" ]; then
  build_cmd="$python $restored/build.py"
else
  build_cmd="$python $tool_root/build.py"
fi
# Browser assets (lunr) come from npm and are not in git: reuse the original's node_modules when
# the lockfile is the same, else install them from the registry as a fresh machine would.
if [ -f "$restored/package-lock.json" ] && [ ! -e "$restored/node_modules" ]; then
  if [ -d "$repo/node_modules" ] && cmp -s "$repo/package-lock.json" "$restored/package-lock.json"; then
    ln -s "$repo/node_modules" "$restored/node_modules"
  else
    step "npm ci --ignore-scripts in the restored folder"
    (cd "$restored" && npm ci --ignore-scripts --no-audit --no-fund)
  fi
fi

rebuilt="$work/rebuilt"
step "build every site from the restored folder: $build_cmd build --root $restored"
# shellcheck disable=SC2086 # build_cmd is a command and its arguments
$build_cmd build --root "$restored" --out "$rebuilt" --no-cache --jobs 1

hosts=()
for index in "$rebuilt"/*/index.html; do
  [ -f "$index" ] && hosts+=("$(basename "$(dirname "$index")")")
done
((${#hosts[@]})) || fail "the rebuild from the backup produced no site"

report="$out/restore-report.txt"
{
  echo "congtt backup and restore test"
  echo "time (UTC):      $stamp"
  echo "repository:      $name"
  echo "bundle:          $(basename "$bundle")"
  echo "bundle sha256:   $(cut -d' ' -f1 "$bundle.sha256")"
  echo "bundle size:     $(wc -c < "$bundle") bytes"
  echo "HEAD:            $head (restored: $restored_head)"
  echo "refs:            $ref_count, identical in the bundle"
  echo "git fsck:        clean"
  echo "rebuilt sites:   ${#hosts[@]} (${hosts[*]})"
  echo "result:          OK, the backup restores and builds"
} > "$report"
cat "$report"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "bundle=$bundle"; echo "report=$report"; } >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo '### Sao lưu và thử khôi phục / Backup and restore test'; echo; echo '```';
    cat "$report"; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
fi
