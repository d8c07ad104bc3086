#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# No way out (issue 8): the real binary in kiosk mode under X, escape chords injected with xdotool
# (XTEST). Passes when no new top-level window appears, the process lives and stays full screen.
# The same harness first checks itself: in --windowed mode Ctrl+Shift+I does open the inspector.
set -u
loket="$1"
command -v xdotool > /dev/null && command -v xwininfo > /dev/null || { echo "1..0 # SKIP xdotool or xwininfo missing"; exit 0; }
[ -n "${DISPLAY:-}" ] || { echo "1..0 # SKIP no display"; exit 0; }

chords=(ctrl+shift+i ctrl+shift+d ctrl+q ctrl+w alt+F4 F11 F10 F1 ctrl+o ctrl+p ctrl+s super+h alt+Tab
        ctrl+alt+BackSpace ctrl+alt+Delete ctrl+alt+F1 ctrl+alt+F2 Print Menu super alt+space ctrl+F4
        ctrl+shift+q ctrl+n ctrl+t)

count_windows () { xwininfo -root -tree | grep -c '("loket" "loket")'; }

run () { # $1: extra option, rest: chords → prints "before after alive width"
  local option="$1"; shift
  GTK_DEBUG= "$loket" $option > /dev/null 2>&1 &
  local pid=$! wid before after alive
  for _ in $(seq 50); do wid=$(xwininfo -root -tree | grep '"Loket": ("loket"' | awk '{print $1}' | head -1); [ -n "$wid" ] && break; sleep 0.2; done
  sleep 1
  xdotool mousemove 10 300 click 1 2> /dev/null
  timeout 5 xdotool windowfocus "$wid" 2> /dev/null; sleep 0.3
  before=$(count_windows)
  for k in "$@"; do xdotool key "$k"; sleep 0.1; done
  xdotool mousemove 640 400 click 3; sleep 0.5
  after=$(count_windows)
  kill -0 "$pid" 2> /dev/null && alive=yes || alive=no
  width=$(xwininfo -id "$wid" 2> /dev/null | awk '/Width/ {print $2}')
  kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
  echo "$before $after $alive $width"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"

echo "1..2"
read -r before after alive width < <(run --windowed ctrl+shift+i)
if [ "$after" -gt "$before" ]; then echo "ok 1 harness: Ctrl+Shift+I opens the inspector in --windowed ($before → $after windows)"
else echo "not ok 1 harness: the inspector did not open in --windowed ($before → $after)"; fi

read -r before after alive width < <(run "" "${chords[@]}")
if [ "$after" -eq "$before" ] && [ "$alive" = yes ]; then
  echo "ok 2 kiosk mode: ${#chords[@]} chords and a right-click, 0 new windows, still running, width $width"
else
  echo "not ok 2 kiosk mode: $before → $after windows, alive $alive, width $width"
fi
