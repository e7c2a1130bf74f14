#!/bin/sh
# anon-shards.sh - doppel-anon over N shards in three steps with GNU parallel, on this
# host or on several (doppel-anon(1), SHARDED RUNS): collect per shard, one merge into the
# mapping table, apply per shard read-only. The output equals one doppel-anon process
# over INPUT with the same table, byte for byte.
#
#   anon-shards.sh -n N -k KEY -m MAP [-j JOBS] [-S SSHLOGINS] INPUT OUTPUT [-- OPTIONS]
#
# INPUT is text or JSONL (cut into N shards of whole lines); OPTIONS go to every
# doppel-anon run (--style, --label, --no-config, ...). MAP is created when missing.
# -S takes GNU parallel's --sshlogin list (":" is this host): the shards, the key and the
# table travel to the hosts, which need doppel-anon on their PATH, and the results come
# back; the merge runs here. DOPPEL_ANON names the program (default doppel-anon).
set -eu
usage() { echo "usage: $0 -n N -k KEY -m MAP [-j JOBS] [-S SSHLOGINS] INPUT OUTPUT [-- OPTIONS]" >&2; exit 64; }
n='' key=${DOPPEL_KEY_FILE:-} map='' jobs=2 hosts=''
while getopts n:k:m:j:S: o; do
	case $o in
	n) n=$OPTARG ;; k) key=$OPTARG ;; m) map=$OPTARG ;; j) jobs=$OPTARG ;; S) hosts=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] && [ -n "$n" ] && [ -n "$key" ] && [ -n "$map" ] || usage
in=$1 out=$2
shift 2
[ "${1:-}" = -- ] && shift
opts="$*"
anon=${DOPPEL_ANON:-doppel-anon}
command -v parallel > /dev/null || { echo "$0: GNU parallel is not installed" >&2; exit 69; }

# a work directory relative to here: on other hosts it lands in the same place under ~
work=$(mktemp -d anon-shards.XXXXXX)
trap 'rm -rf "$work"' EXIT
split -n "l/$n" -d -a 6 "$in" "$work/s."
i=0
for f in "$work"/s.*; do i=$((i + 1)); mv "$f" "$work/$i"; done
[ -f "$map" ] || "$anon" --key-file "$key" --map "$map" --style marker < /dev/null > /dev/null
cp "$key" "$work/key" && chmod 600 "$work/key"
cp "$map" "$work/start.db"

# with hosts: send the key and table once per host, each shard to its job, bring back
# the result, and clean up there
remote() {
	[ -n "$hosts" ] || return 0
	printf '%s\n' -S "$hosts" --basefile "$work/key" --basefile "$work/$1" \
		--transferfile "$work/{}" --return "$work/{}.$2" --cleanup
}
# 1. collect: each shard's keyed ids, in order of first appearance
# shellcheck disable=SC2046
seq 1 "$n" | parallel -j"$jobs" --halt now,fail=1 $(remote start.db collect) \
	"chmod 600 $work/key && $anon collect --key-file $work/key --map $work/start.db --shard {}/$n $opts $work/{} -o $work/{}.collect"
# 2. merge: numbers the new entities as one process reading shards 1..N would have
"$anon" merge --key-file "$key" --map "$map" "$work"/*.collect
cp "$map" "$work/merged.db"
# 3. apply: each shard read-only against the merged table
# shellcheck disable=SC2046
seq 1 "$n" | parallel -j"$jobs" --halt now,fail=1 $(remote merged.db anon) \
	"chmod 600 $work/key && $anon apply --key-file $work/key --map $work/merged.db --shard {}/$n $opts $work/{} -o $work/{}.anon"
i=1
while [ "$i" -le "$n" ]; do cat "$work/$i.anon"; i=$((i + 1)); done > "$out.tmp"
mv "$out.tmp" "$out"
