#!/usr/bin/env bash
# Ship a built output folder to the web server over SSH with rsync.
#
#   .github/scripts/deploy-rsync.sh PUBLIC_DIR
#
# PUBLIC_DIR holds one folder per host (langson.gov.vn/, english.langson.gov.vn/, …) and
# _server/, the web server's configuration written by the build (the addresses that answer
# 410 Gone after a takedown, …). The host folders go to DEPLOY_PATH; _server/ goes to
# DEPLOY_SERVER_PATH, outside every web root, and is never published as a site.
#
# Settings (environment):
#   DEPLOY_HOST         user@server                                   (repository variable)
#   DEPLOY_PATH         the folder that holds one folder per host     (repository variable)
#   DEPLOY_SERVER_PATH  where _server/ goes (e.g. /etc/nginx/congtt)  (repository variable)
#   DEPLOY_KNOWN_HOSTS  the server's SSH host key line(s)             (repository variable)
#   DEPLOY_PORT         SSH port (default 22)                         (repository variable)
#   DEPLOY_SSH_KEY      the private key of the deploy account         (environment secret)
# With none of DEPLOY_HOST, DEPLOY_PATH and DEPLOY_SSH_KEY set, the script prints a notice and
# succeeds (a new repository or a fork has nowhere to deploy); with only some of them, it fails.
# Bến Tre: remote administration only over encrypted channels such as SSH (002 Đ15.14).
set -euo pipefail

public=${1:?usage: deploy-rsync.sh PUBLIC_DIR}
[ -d "$public" ] || { echo "::error title=Deploy::$public is not a folder" >&2; exit 1; }

host=${DEPLOY_HOST:-}
path=${DEPLOY_PATH:-}
key=${DEPLOY_SSH_KEY:-}
if [ -z "$host$path$key" ]; then
  echo "::notice title=Deploy skipped::No deployment is configured (variables DEPLOY_HOST, DEPLOY_PATH, DEPLOY_KNOWN_HOSTS and the secret DEPLOY_SSH_KEY of the production environment); the built sites were not published. See docs/workflow.md."
  exit 0
fi
missing=()
[ -n "$host" ] || missing+=(DEPLOY_HOST)
[ -n "$path" ] || missing+=(DEPLOY_PATH)
[ -n "$key" ] || missing+=(DEPLOY_SSH_KEY)
[ -n "${DEPLOY_KNOWN_HOSTS:-}" ] || missing+=(DEPLOY_KNOWN_HOSTS)
if ((${#missing[@]})); then
  echo "::error title=Deploy misconfigured::missing ${missing[*]}; see docs/workflow.md" >&2
  exit 1
fi

hosts=()
for dir in "$public"/*/; do
  name=$(basename "$dir")
  [ "$name" = "_server" ] || hosts+=("$name")
done
((${#hosts[@]})) || { echo "::error title=Deploy::$public holds no site" >&2; exit 1; }

secrets=$(mktemp -d)
trap 'rm -rf "$secrets"' EXIT
chmod 700 "$secrets"
(umask 077 && printf '%s\n' "$key" > "$secrets/key" && printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$secrets/known_hosts")
# The host key is checked against DEPLOY_KNOWN_HOSTS: never trust whatever server answers.
ssh_cmd="ssh -i $secrets/key -p ${DEPLOY_PORT:-22} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$secrets/known_hosts"
# --checksum: every build writes fresh files, so times differ while most bytes do not.
# --delay-updates, --delete-delay: a page changes only after all of the new ones have arrived.
rsync_opts=(--recursive --links --times --checksum --omit-dir-times "--chmod=D755,F644"
            --delete-delay --delay-updates --human-readable --stats)

if [ -d "$public/_server" ]; then
  if [ -n "${DEPLOY_SERVER_PATH:-}" ]; then
    echo "==> server configuration: _server/ → $host:$DEPLOY_SERVER_PATH/"
    rsync "${rsync_opts[@]}" -e "$ssh_cmd" "$public/_server/" "$host:$DEPLOY_SERVER_PATH/"
  else
    echo "::warning title=Server configuration not deployed::DEPLOY_SERVER_PATH is not set, so _server/ (410 Gone list after takedowns, …) stayed behind; see docs/workflow.md"
  fi
fi

echo "==> ${#hosts[@]} sites → $host:$path/"
rsync "${rsync_opts[@]}" --exclude=/_server/ -e "$ssh_cmd" "$public/" "$host:$path/"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo "### Đã xuất bản / Published"; echo; printf -- '- %s\n' "${hosts[@]}"; } >> "$GITHUB_STEP_SUMMARY"
fi
