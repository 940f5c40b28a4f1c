#!/usr/bin/env bash
# One HTTP PUT received the least costly way that still does an image service's work: the body written to a file,
# hashed with md5 and sha512 as it passes (tee into both hash tools), the file synced to disk, then 204. Run by
# socat for each connection (bench/image-throughput: the ceiling of Stackbox's upload). Argument: the directory
# to write into.
set -euo pipefail
dir=$1
length=0
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -z "$line" ] && break
  case "${line,,}" in
    content-length:*) length=${line#*:}; length=${length// /} ;;
  esac
done
fifo_md5=$dir/md5.fifo
fifo_sha=$dir/sha512.fifo
rm -f "$fifo_md5" "$fifo_sha"
mkfifo "$fifo_md5" "$fifo_sha"
md5sum < "$fifo_md5" > "$dir/received.md5" &
md5_pid=$!
sha512sum < "$fifo_sha" > "$dir/received.sha512" &
sha_pid=$!
head -c "$length" | tee "$fifo_md5" "$fifo_sha" > "$dir/received.raw"
wait "$md5_pid" "$sha_pid"
sync "$dir/received.raw"
rm -f "$fifo_md5" "$fifo_sha"
printf 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
